"""The company's side of a placement: one mail per period with the pupils proposed, its answer
(accept and name the tutor, or decline) from its espace; the referent teacher's visits."""

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from common.links import absolute_url
from common.wording import count_text
from courriels.services import email_queue, kind_register
from entreprises.models import ConsentMethod, Contact, ContactRole
from entreprises.services import contact_find_or_create
from offres.links import espace_token
from partenariats.models import InteractionKind
from partenariats.services import interaction_log, partnership_get_or_create

from ..choices import PlacementStatus
from ..models import PfmpPeriod, Placement
from .errors import PfmpError
from .placements import _check_tutor, _first_time, _journal, _log
from .tutors import tutor_invite_to_training

KIND = "pfmp"  # the opt-out category of the mails proposing pupils for PFMP
kind_register(KIND, "les courriels vous proposant des élèves en PFMP")
TUTOR_PURPOSE = "être le tuteur des élèves du lycée en PFMP et être invité aux formations"


def _recipient(placement: Placement) -> Contact | None:
    """Who answers for the company: the person who offered the places, or else a confirmed
    person of the company working with the school, with an email."""
    offer = placement.offer
    if offer is not None and offer.contact.email and not offer.contact.anonymised_at:
        return offer.contact
    school = placement.period.school_class.school
    return (
        Contact.objects.filter(
            company=placement.company_id,
            schools=school,
            anonymised_at__isnull=True,
            confirmed_at__isnull=False,
        )
        .exclude(email="")
        .order_by("pk")
        .first()
    )


@transaction.atomic
def placements_mail_companies(*, period: PfmpPeriod) -> int:
    """One mail per company with the pupils proposed to it for the period and not yet mailed
    (first name and initial, class, dates, referent teacher), through the outbox. Returns the
    number of mails written."""
    pending = (
        Placement.objects.select_for_update(of=("self",))
        .filter(period=period, status=PlacementStatus.LEAD, proposed_mail_at__isnull=True)
        .select_related("pupil", "company", "offer__contact", "referent_teacher", "tutor")
        .select_related("period__school_class__school")
        .order_by("company_id", "pupil__last_name")
    )
    by_company: dict[int, list[Placement]] = {}
    for placement in pending:
        by_company.setdefault(placement.company_id, []).append(placement)
    now, written = timezone.now(), 0
    for placements in by_company.values():
        contact = _recipient(placements[0])
        if contact is None:
            continue
        school = period.school_class.school
        email_queue(
            to=contact.email,
            subject=(
                f"{count_text(len(placements), 'élève proposé', 'élèves proposés')} "
                f"pour une PFMP — {school.name}"
            ),
            template="pfmp/mails/eleves_proposes",
            context={
                "contact": contact,
                "school": school,
                "period": period,
                "placements": placements,
                "url": company_page_url(contact.pk),
            },
            kind=KIND,
            about=contact,
            school_id=school.pk,
        )
        Placement.objects.filter(pk__in=[p.pk for p in placements]).update(proposed_mail_at=now)
        written += 1
    return written


def company_page_url(contact_id: int) -> str:
    """The company's PFMP page, opened by the same signed link as its espace."""
    return absolute_url(reverse("pfmp:company", kwargs={"token": espace_token(contact_id)}))


@transaction.atomic
def placement_company_answer(
    *,
    placement: Placement,
    contact: Contact,
    accept: bool,
    tutor: Contact | None = None,
    tutor_first_name: str = "",
    tutor_last_name: str = "",
    tutor_email: str = "",
) -> Placement:
    """The company accepts the pupil (the placement becomes « accord ») and names the tutor —
    one of its people, or a new one found or created through the one contact service — or
    declines (the pupil is to place again, the place freed)."""
    placement = (
        Placement.objects.select_for_update(of=("self",))
        .select_related("period__school_class__school", "company")
        .get(pk=placement.pk)
    )
    if placement.company_id != contact.company_id or placement.status != PlacementStatus.LEAD:
        raise PfmpError("Cette proposition n’attend plus de réponse de votre part.")
    if not accept:
        _journal(placement, "élève décliné par l’entreprise", None)
        before = placement.status
        placement.status, placement.company_answer = PlacementStatus.TO_FIND, "refuse"
        placement.company = placement.offer = placement.tutor = None
        placement.first_time_tutor, placement.status_changed_at = False, timezone.now()
        placement.save()
        _log(placement, before, None, comment="déclinée par l’entreprise", by_company=True)
        return placement
    school = placement.period.school_class.school
    if tutor is None and tutor_last_name.strip():
        tutor, _ = contact_find_or_create(
            company=placement.company,
            email=tutor_email.strip(),
            first_name=tutor_first_name.strip(),
            last_name=tutor_last_name.strip(),
            role=ContactRole.TUTOR,
            consent_method=ConsentMethod.ONLINE_FORM,
            consent_purpose=TUTOR_PURPOSE,
            schools=[school],
            confirmed_by=str(contact),
        )
    if tutor is None:
        raise PfmpError("Nommez le tuteur qui accueillera l’élève.")
    _check_tutor(tutor, placement.company)
    before = placement.status
    placement.tutor, placement.company_answer = tutor, "accepte"
    placement.first_time_tutor = _first_time(tutor, placement)
    placement.status, placement.status_changed_at = PlacementStatus.AGREED, timezone.now()
    placement.save()
    _log(placement, before, None, comment=f"acceptée, tuteur {tutor}", by_company=True)
    _journal(placement, f"élève accepté par l’entreprise, tuteur {tutor}", None)
    tutor_invite_to_training(placement=placement)
    return placement


@transaction.atomic
def placement_log_visit(
    *, placement: Placement, teacher, kind: str, occurred_on: datetime.date, note: str = ""
) -> None:
    """The referent teacher's visit or call, an entry of the partnership's journal (counted in
    their Pacte record where their mission counts the journal)."""
    if placement.referent_teacher_id != teacher.pk:
        raise PfmpError("Seul le professeur référent de l’élève note ses visites.")
    if kind not in (InteractionKind.VISIT, InteractionKind.CALL):
        raise PfmpError("Notez une visite ou un appel.")
    if placement.company_id is None:
        raise PfmpError("L’élève n’a pas encore d’entreprise.")
    if occurred_on > timezone.localdate():
        raise PfmpError("La date de la visite est à venir : notez-la une fois faite.")
    period = placement.period
    partnership, _ = partnership_get_or_create(
        school=period.school_class.school, company=placement.company, by=teacher
    )
    interaction_log(
        partnership=partnership,
        kind=kind,
        occurred_on=occurred_on,
        author=teacher,
        note=f"PFMP {period.school_class.name} : {note}".strip(" :"),
        pfmp_followup=True,
    )
