"""How far a part's targets are reached, against the share of the year gone by."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from ..models import Engagement, SchoolYear
from .counting import METRICS

# What is counted is feminine for these (sessions, heures, interactions): « 2 prévues ».
PLANNED_FEMININE = {"formations_animees", "heures", "interactions"}


@dataclass
class Progress:
    """One counted activity against the target written in the lettre de mission."""

    key: str
    label: str
    done: int | Decimal
    target: int | None
    planned: int | Decimal = 0

    @property
    def planned_text(self) -> str:
        """« prévu » agreed with what is counted: « 2 prévues » (sessions), « 4 h prévues »."""
        word = "prévue" if self.key in PLANNED_FEMININE else "prévu"
        return word if self.planned < 2 else word + "s"

    @property
    def reached(self) -> bool:
        # Only what happened reaches a target; what is planned never does.
        return self.target is not None and self.done >= self.target


def expected_share(school_year: SchoolYear, today: datetime.date | None = None) -> Decimal:
    """The share of the school year already gone (0 before it starts, 1 once it ended)."""
    today = today or timezone.localdate()
    length = (school_year.end - school_year.start).days or 1
    gone = min(max((today - school_year.start).days, 0), length)
    return Decimal(gone) / Decimal(length)


def on_track(targets: dict, done: dict, share: Decimal) -> bool | None:
    """Each target reached at least in proportion of the year gone; None without targets."""
    usable = {k: v for k, v in (targets or {}).items() if k in METRICS and v}
    if not usable:
        return None
    return all(Decimal(done.get(k, 0)) >= Decimal(v) * share for k, v in usable.items())


def targets_of(engagement: Engagement) -> dict:
    """The numbered targets of the lien école-entreprise missions (from prefetched parts)."""
    targets: dict = {}
    for part in engagement.lien_parts():
        for key, value in (part.targets or {}).items():
            if key in METRICS and isinstance(value, int | float) and value > 0:
                targets[key] = targets.get(key, 0) + int(value)
    return targets
