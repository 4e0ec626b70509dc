"""Reads of the placement board: the coming periods and their counts, a period's pupils, and
the suggestions of companies for a pupil without a place. Each in a fixed number of queries."""

import dataclasses
import math

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from offres.models import Submission, SubmissionKind, SubmissionStatus
from partenariats.models import Partnership, PartnershipStatus

from .choices import HOLDS_A_PLACE, PLACED
from .models import PfmpPeriod, Placement, Pupil
from .services import offer_places, offer_window_for


def _pupils_without_place_count():
    placed = Placement.objects.filter(
        pupil=OuterRef("pk"), period=OuterRef(OuterRef("pk")), status__in=PLACED
    )
    return Coalesce(
        Subquery(
            Pupil.objects.filter(school_class=OuterRef("school_class"))
            .exclude(Exists(placed))
            .order_by()
            .values("school_class")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def coming_periods(user, today, periods=None):
    """The periods of the user's schools not ended yet, soonest first, each with its pupils
    and those still without a place."""
    periods = PfmpPeriod.objects.for_user(user) if periods is None else periods
    return (
        periods.coming(today)
        .select_related("school_class")
        .annotate(
            pupil_count=Coalesce(
                Subquery(
                    Pupil.objects.filter(school_class=OuterRef("school_class"))
                    .order_by()
                    .values("school_class")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            ),
            without_place=_pupils_without_place_count(),
        )
        .order_by("start", "school_class__name", "pk")
    )


def period_rows(period, user):
    """The pupils of the period's class the user may read, each with their placement (or
    None) for the period."""
    pupils = list(Pupil.objects.for_user(user).filter(school_class_id=period.school_class_id))
    placements = {
        p.pupil_id: p
        for p in Placement.objects.filter(period=period, pupil__in=[x.pk for x in pupils])
        .select_related("company", "tutor", "referent_teacher")
        .order_by()
    }
    return [(pupil, placements.get(pupil.pk)) for pupil in pupils]


def distance_km(a, b) -> float | None:
    """As the crow flies between two rows with latitude and longitude (None without)."""
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lon1, lat2, lon2 = map(
        math.radians, map(float, (a.latitude, a.longitude) + (b.latitude, b.longitude))
    )
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 6371 * 2 * math.asin(math.sqrt(h))


@dataclasses.dataclass
class Suggestion:
    company: object
    offer: Submission | None
    places: int
    places_left: int
    distance: float | None
    prospect: bool = False

    @property
    def distance_text(self) -> str:
        if self.distance is None:
            return "distance inconnue"
        return f"{self.distance:.0f} km" if self.distance >= 1 else "moins d’1 km"


def _words_q(words: list[str]) -> Q:
    condition = Q()
    for word in words:
        condition |= Q(details__diploma__icontains=word)
    return condition


def suggestions(*, period, limit: int = 10) -> list[Suggestion]:
    """For a pupil of the period's class without a place: the partner companies whose accepted
    offers of places match the class's diploma or trade words and the period, with places
    left, nearest first; then the school's prospects of the same trades (NAF section of
    those companies), nearest first."""
    school_class = period.school_class
    school = school_class.school
    words = school_class.match_words()
    if not words:
        return []
    offers = list(
        Submission.objects.filter(
            _words_q(words),
            kind=SubmissionKind.PLACEMENT,
            addressees__school=school,
            addressees__status=SubmissionStatus.ACCEPTED,
        )
        .exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.CLOSED])
        .exclude(details__placement="apprentissage")
        .select_related("company")
        .only("pk", "details", "company")
    )
    windows = {o.pk: w for o in offers if (w := offer_window_for(o, period))}
    taken: dict[int, int] = {}
    for offer_id, start, end in Placement.objects.filter(
        offer__in=list(windows), status__in=HOLDS_A_PLACE
    ).values_list("offer", "period__start", "period__end"):
        window = windows[offer_id]
        if start <= window[1] and end >= window[0]:
            taken[offer_id] = taken.get(offer_id, 0) + 1
    found: dict[int, Suggestion] = {}
    for offer in offers:
        if offer.pk not in windows:
            continue
        places = offer_places(offer)
        left = places - taken.get(offer.pk, 0)
        current = found.get(offer.company_id)
        if left > 0 and (current is None or left > current.places_left):
            found[offer.company_id] = Suggestion(
                offer.company, offer, places, left, distance_km(school, offer.company)
            )
    ranked = sorted(found.values(), key=_nearest)[:limit]
    sections = {s.company.naf_section for s in found.values() if s.company.naf_section}
    if len(ranked) < limit and sections:
        prospects = (
            Partnership.objects.filter(
                school=school,
                status=PartnershipStatus.PROSPECT,
                company__naf_section__in=sections,
                company__closed_on__isnull=True,
            )
            .exclude(company__in={o.company_id for o in offers})
            .select_related("company")[:200]
        )
        extra = [
            Suggestion(p.company, None, 0, 0, distance_km(school, p.company), prospect=True)
            for p in prospects
        ]
        ranked += sorted(extra, key=_nearest)[: limit - len(ranked)]
    return ranked


def _nearest(suggestion: Suggestion):
    return (suggestion.distance is None, suggestion.distance or 0, suggestion.company.name)
