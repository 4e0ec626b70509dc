"""Counts on the staff screens are written with the right number, as French has it."""

from entreprises.wording import count_text, import_preview_summary, moved_lines


def test_a_merge_says_one_partnership_and_two_partnerships():
    lines = moved_lines(
        {
            "contacts": 1,
            "partenariats": 2,
            "partenariats réunis avec ceux de la fiche conservée": 1,
            "propositions d’entreprises": 3,
            "journaux": 0,
        }
    )
    assert lines == [
        "1 contact",
        "2 partenariats",
        "1 partenariat réuni avec celui de la fiche conservée",
        "3 propositions d’entreprises",
    ]
    assert moved_lines({"partenariats réunis avec ceux de la fiche conservée": 2}) == [
        "2 partenariats réunis avec ceux de la fiche conservée"
    ]


def test_zero_and_one_take_the_singular():
    assert count_text(0, "ligne rejetée", "lignes rejetées") == "0 ligne rejetée"
    assert count_text(1, "ligne rejetée", "lignes rejetées") == "1 ligne rejetée"
    assert count_text(2, "ligne rejetée", "lignes rejetées") == "2 lignes rejetées"
    assert import_preview_summary({"created": 2, "updated": 1, "rejected": 0}) == (
        "2 lignes créeront une entreprise, 1 complétera une entreprise déjà connue, "
        "0 ligne sera ignorée."
    )
