"""Writes on placements: a company (and its tutor) assigned to a pupil for a period, and each
change of status, dated, by whom, and written in the journal of the company's partnership."""

import datetime

from django.db import transaction
from django.utils import timezone

from entreprises.models import Company, Contact
from offres.models import Submission, SubmissionKind, SubmissionStatus
from partenariats.models import InteractionKind
from partenariats.services import interaction_log, partnership_get_or_create

from ..choices import HOLDS_A_PLACE, PLACED, TRANSITIONS, PlacementStatus
from ..models import PfmpPeriod, Placement, PlacementStatusChange, Pupil
from .errors import PfmpError
from .tutors import tutor_invite_to_training


def _day(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def offer_windows(offer: Submission) -> list[tuple[datetime.date, datetime.date]]:
    """The periods an offer of places names (one or two)."""
    windows = []
    for n in (1, 2):
        start = _day(offer.details.get(f"period{n}_start"))
        end = _day(offer.details.get(f"period{n}_end"))
        if start and end:
            windows.append((start, end))
    return windows


def offer_window_for(offer: Submission, period: PfmpPeriod):
    """The offer's window that overlaps the period (None when none does). An offer with no
    dates takes any period."""
    windows = offer_windows(offer)
    if not windows:
        return (period.start, period.end)
    for start, end in windows:
        if start <= period.end and end >= period.start:
            return (start, end)
    return None


def offer_places(offer: Submission) -> int:
    try:
        return max(int(offer.details.get("places") or 0), 0)
    except (TypeError, ValueError):
        return 0


def offer_places_taken(offer: Submission, window) -> int:
    """The placements holding one of the offer's places in that window (counted, not typed)."""
    return Placement.objects.filter(
        offer=offer,
        status__in=HOLDS_A_PLACE,
        period__start__lte=window[1],
        period__end__gte=window[0],
    ).count()


def company_offers(*, company, school):
    """The company's offers of PFMP places that the school accepted and that still run."""
    return (
        Submission.objects.filter(
            kind=SubmissionKind.PLACEMENT,
            company=company,
            addressees__school=school,
            addressees__status=SubmissionStatus.ACCEPTED,
        )
        .exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.CLOSED])
        .exclude(details__placement="apprentissage")
        .order_by("pk")
    )


def _journal(placement: Placement, text: str, by) -> None:
    """One line in the journal of the company's partnership with the school (no pupil's
    name: the journal outlives the pupil's row)."""
    if placement.company_id is None:
        return
    period = placement.period
    school = period.school_class.school
    partnership, _ = partnership_get_or_create(school=school, company=placement.company, by=by)
    interaction_log(
        partnership=partnership,
        kind=InteractionKind.PFMP,
        occurred_on=timezone.localdate(),
        author=by,
        note=f"PFMP {period.school_class.name} du {period.start:%d/%m/%Y} au "
        f"{period.end:%d/%m/%Y} : {text}",
    )


def _log(placement, before: str, by, comment: str = "", by_company: bool = False) -> None:
    PlacementStatusChange.objects.create(
        placement=placement,
        from_status=before,
        to_status=placement.status,
        changed_by=by,
        by_company=by_company,
        comment=comment[:300],
    )


def _check_tutor(tutor: Contact | None, company: Company) -> None:
    if tutor is None:
        return
    if tutor.company_id != company.pk or tutor.anonymised_at:
        raise PfmpError(f"{tutor} n’est pas une personne de {company.name}.")
    if tutor.consent_given_at is None:
        raise PfmpError(
            f"{tutor} n’a pas donné son accord pour que le lycée garde ses coordonnées : "
            "notez son consentement sur sa fiche avant d’en faire le tuteur."
        )


def _pick_offer(*, company, school, period, offer=None) -> Submission | None:
    """The offer whose place the placement takes, its rows locked so that two people giving
    the last place at once are served one after the other. None when the company made no
    offer for the period (a place found outside the offers)."""
    offers = list(company_offers(company=company, school=school).select_for_update(of=("self",)))
    matching = [(o, w) for o in offers if (w := offer_window_for(o, period))]
    if offer is not None:
        matching = [(o, w) for o, w in matching if o.pk == offer.pk]
        if not matching:
            raise PfmpError("Cette offre de places ne couvre pas les dates de la période.")
    if not matching:
        return None
    for candidate, window in matching:
        if offer_places_taken(candidate, window) < offer_places(candidate):
            return candidate
    total = sum(offer_places(o) for o, _ in matching)
    raise PfmpError(
        f"{company.name} n’a plus de place pour cette période : "
        f"{'sa place est déjà donnée' if total < 2 else f'ses {total} places sont déjà données'}. "
        "Choisissez une autre entreprise."
    )


@transaction.atomic
def placement_assign(
    *,
    pupil: Pupil,
    period: PfmpPeriod,
    company: Company,
    tutor: Contact | None = None,
    referent_teacher=None,
    offer: Submission | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    by=None,
) -> Placement:
    """Propose `company` (and its tutor) for the pupil's period: the placement becomes a
    « piste » holding one of the company's places until the company answers."""
    pupil = Pupil.objects.select_related("school_class__school").get(pk=pupil.pk)
    if period.school_class_id != pupil.school_class_id:
        raise PfmpError(f"Cette période n’est pas celle de la classe de {pupil}.")
    start, end = start or period.start, end or period.end
    if start < period.start or end > period.end or end < start:
        raise PfmpError(
            f"Les dates du placement doivent tenir dans la période, du "
            f"{period.start:%d/%m/%Y} au {period.end:%d/%m/%Y}."
        )
    _check_tutor(tutor, company)
    school = pupil.school_class.school
    placement, _ = Placement.objects.select_for_update(of=("self",)).get_or_create(
        pupil=pupil, period=period
    )
    if placement.status in PLACED:
        raise PfmpError(
            f"{pupil} a déjà un lieu pour cette période ({placement.company.name}) : passez "
            "d’abord ce placement à « abandon »."
        )
    taken = _pick_offer(company=company, school=school, period=period, offer=offer)
    before = placement.status
    placement.company, placement.offer, placement.tutor = company, taken, tutor
    placement.referent_teacher = referent_teacher or placement.referent_teacher
    placement.start = start if start != period.start else None
    placement.end = end if end != period.end else None
    placement.status, placement.company_answer = PlacementStatus.LEAD, ""
    placement.abandon_reason, placement.status_changed_at = "", timezone.now()
    placement.first_time_tutor = _first_time(tutor, placement)
    placement.save()
    _log(placement, before, by, comment=f"proposé à {company.name}")
    _journal(placement, "un élève proposé à l’entreprise", by)
    return placement


def _first_time(tutor: Contact | None, placement: Placement) -> bool:
    """The tutor has never hosted a pupil of the portal before this one."""
    if tutor is None:
        return False
    earlier = Placement.objects.filter(tutor=tutor, status__in=PLACED).exclude(pk=placement.pk)
    return not earlier.exists()


@transaction.atomic
def placement_set_status(
    *,
    placement: Placement,
    status: str,
    by=None,
    comment: str = "",
    reason: str = "",
    days_done: int | None = None,
    by_company: bool = False,
) -> Placement:
    """Move a placement along its lifecycle; each change dated, by whom, in the journal."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("period__school_class__school", "company", "pupil")
        .get(pk=placement.pk)
    )
    current, target = PlacementStatus(placement.status), PlacementStatus(status)
    if target == current:
        return placement
    if target not in TRANSITIONS[current]:
        raise PfmpError(
            f"Un placement « {current.label} » ne passe pas directement à « {target.label} »."
        )
    if target in PLACED and placement.company_id is None:
        raise PfmpError("Choisissez d’abord l’entreprise qui accueille l’élève.")
    if target == PlacementStatus.ABANDONED and not reason.strip():
        raise PfmpError("Donnez le motif de l’abandon.")
    if target == PlacementStatus.DONE:
        most = placement.period.working_days
        if days_done is None or not 0 <= days_done <= most:
            raise PfmpError(f"Donnez les jours effectués, entre 0 et {most}.")
        placement.days_done = days_done
    if target == PlacementStatus.ABANDONED:
        placement.abandon_reason = reason.strip()[:300]
    journal_text = f"placement « {target.label} »"
    if target == PlacementStatus.ABANDONED:
        journal_text += f" (motif : {placement.abandon_reason})"
    _journal(placement, journal_text, by)  # while the company is still on the placement
    if target == PlacementStatus.TO_FIND:
        placement.company = placement.offer = placement.tutor = None
        placement.company_answer, placement.first_time_tutor = "", False
    placement.status, placement.status_changed_at = target, timezone.now()
    placement.save()
    _log(placement, current, by, comment=comment or reason, by_company=by_company)
    if target == PlacementStatus.AGREED:
        tutor_invite_to_training(placement=placement)
    return placement
