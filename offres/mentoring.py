"""What a mentoring offer commits to, defined once: its minimums and the keys of its details.

`offres.kinds` validates an offer's `details` with these; `formations` reads an accepted offer
through `mentoring_terms` (never by string keys of its own) to form the mentoring pairs.
"""

from dataclasses import dataclass

MENTORING_MIN_HOURS_PER_MONTH = 2
MENTORING_MIN_MONTHS = 6

# The keys of a mentoring offer's `Submission.details` (the fields of MentoringDetailsForm).
DURATION_MONTHS = "duration_months"
PTECH = "ptech"
STRUCTURE = "structure"
MODE = "mode"


@dataclass(frozen=True)
class MentoringTerms:
    months: int
    ptech: bool
    structure: str
    mode: str  # an offer's word: "distanciel", "presentiel" or "mixte" ("" if none)


def mentoring_terms(details: dict | None) -> MentoringTerms:
    """The terms of a mentoring offer from its details; a duration under the minimum (or none)
    counts as the minimum."""
    details = details or {}
    return MentoringTerms(
        months=max(int(details.get(DURATION_MONTHS) or 0), MENTORING_MIN_MONTHS),
        ptech=bool(details.get(PTECH)),
        structure=str(details.get(STRUCTURE) or ""),
        mode=str(details.get(MODE) or ""),
    )
