"""A mentoring offer's terms, read once (offres.mentoring) for formations' pairs."""

from offres.mentoring import MENTORING_MIN_MONTHS, mentoring_terms


def test_the_terms_of_a_mentoring_offer_are_read_from_its_details():
    terms = mentoring_terms(
        {"duration_months": "9", "ptech": ["projet"], "structure": "Article 1", "mode": "mixte"}
    )
    assert (terms.months, terms.ptech, terms.structure, terms.mode) == (
        9,
        True,
        "Article 1",
        "mixte",
    )


def test_a_short_or_missing_duration_counts_as_the_minimum():
    assert mentoring_terms({"duration_months": 3}).months == MENTORING_MIN_MONTHS
    empty = mentoring_terms(None)
    assert (empty.months, empty.ptech, empty.structure, empty.mode) == (6, False, "", "")
