"""Writes of the formations app. Mails leave only once the transaction has committed."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from entreprises import services as entreprises_services
from entreprises.contacts import contact_find_or_create
from entreprises.models import Company, ConsentMethod, Contact, ContactRole
from etablissements.selectors import is_teacher_of, not_teachers_of
from offres.mentoring import mentoring_terms

from . import mails
from .models import (
    ATTENDANCE_STATUSES,
    Event,
    Feedback,
    FramingKind,
    Invitation,
    MentoringMode,
    MentoringPair,
    MonthlyCheckIn,
    Registration,
    RegistrationStatus,
    RsvpStatus,
    TutorTraining,
    add_months,
)


class FormationError(Exception):
    """A rule of trainings, mentoring or events was broken; the message is French, for the user.

    `field` names the form field the message belongs to, when there is one.
    """

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


# Companies and tutors -----------------------------------------------------------------------


def company_for_registration(*, siret: str, name: str = "") -> Company:
    """The company of this SIRET, portal-wide (entreprises' service), created if unknown."""
    try:
        company, _ = entreprises_services.company_find_or_create(
            siret=siret, defaults={"name": name.strip()}
        )
    except entreprises_services.CompanyError as error:
        if error.code == "name_missing":
            raise FormationError(
                "Ce SIRET n’est pas encore connu du portail : indiquez le nom de l’entreprise.",
                field="company_name",
            ) from error
        raise FormationError(error.messages[0], field="siret") from error
    return company


TUTOR_CONSENT_PURPOSE = "Inscription à une formation des tuteurs et courriels liés."


def tutor_find_or_create(
    *, company: Company, school, first_name: str, last_name: str, email: str, consent: bool
) -> Contact:
    """The tutor (entreprises' one rule), linked to the school, consenting online if they did."""
    contact, _ = contact_find_or_create(
        company=company,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=ContactRole.TUTOR,
        consent_method=ConsentMethod.ONLINE_FORM if consent else None,
        consent_purpose=TUTOR_CONSENT_PURPOSE,
        schools=[school],
        # Typed on a public form: not vouched for (see offres' espace entreprise).
        confirmed_by="",
    )
    entreprises_services.contact_touch(contact.pk)
    return contact


# Tutor trainings ----------------------------------------------------------------------------


def _not_teachers_of(school_id, users) -> str:
    """The names of `users` who do not hold the teacher role in the school ('' when none)."""
    return ", ".join(u.get_full_name() or u.username for u in not_teachers_of(school_id, users))


def training_check_leaders(*, training: TutorTraining, leaders) -> None:
    """Every leader must hold the teacher role in the training's school."""
    if names := _not_teachers_of(training.school_id, leaders):
        raise FormationError(
            f"N’animent une session que des enseignants de l’établissement : {names}.",
            field="leaders",
        )


def event_check_organisers(*, school, organisers) -> None:
    """Every organiser of a partner event must hold the teacher role in its school."""
    if names := _not_teachers_of(school.pk, organisers):
        raise FormationError(
            f"N’organisent un événement que des enseignants de l’établissement : {names}.",
            field="organisers",
        )


def _lock(training: TutorTraining) -> TutorTraining:
    """The training row, locked until the transaction ends: places are counted under the lock."""
    return TutorTraining.objects.select_for_update().select_related("school").get(pk=training.pk)


@transaction.atomic
def training_register_tutor(
    *,
    training: TutorTraining,
    first_name: str,
    last_name: str,
    email: str,
    siret: str,
    company_name: str = "",
    student_diploma: str = "",
    consent: bool = True,
    on_site: bool = False,
    by=None,
    now: datetime.datetime | None = None,
) -> Registration:
    """Register a tutor: a place if one is left, else the waiting list; added on site: present."""
    now = now or timezone.now()
    training = _lock(training)
    if not on_site and training.starts_at <= now:
        raise FormationError("Cette session a déjà commencé : les inscriptions sont closes.")
    if not on_site and not consent:
        raise FormationError(
            "Pour vous inscrire, acceptez que le lycée garde vos coordonnées.", field="consent"
        )
    company = company_for_registration(siret=siret, name=company_name)
    contact = tutor_find_or_create(
        company=company,
        school=training.school,
        first_name=first_name,
        last_name=last_name,
        email=email,
        consent=consent,
    )
    existing = training.registrations.exclude(status=RegistrationStatus.CANCELLED).filter(
        contact=contact
    )
    if existing.exists():
        raise FormationError(f"{contact} a déjà une inscription à cette session.", field="email")
    registration = Registration(
        training=training, contact=contact, student_diploma=student_diploma.strip()
    )
    if on_site:
        registration.status = RegistrationStatus.PRESENT
        registration.added_on_site = True
        registration.attendance_marked_at = now
        registration.attendance_marked_by = by
    elif training.registrations.holding_place().count() < training.capacity:
        registration.status = RegistrationStatus.REGISTERED
    else:
        registration.status = RegistrationStatus.WAITING
        last = training.registrations.waiting().aggregate(last=Max("waiting_position"))["last"]
        registration.waiting_position = (last or 0) + 1
    registration.save()
    if on_site:
        _attendance_recorded(training, now)
    elif registration.status == RegistrationStatus.REGISTERED:
        mails.send_registration_mail(
            registration,
            template="inscription",
            subject=f"Inscription confirmée : {training.title}",
        )
    else:
        mails.send_registration_mail(
            registration,
            template="liste_attente",
            subject=f"Liste d’attente : {training.title}",
        )
    return registration


def _promote_waiting(training: TutorTraining, now: datetime.datetime) -> list[Registration]:
    """Give the free places to the first waiting tutors (training row already locked)."""
    free = training.capacity - training.registrations.holding_place().count()
    promoted = []
    if free <= 0:
        return promoted
    for registration in training.registrations.waiting().select_related("contact")[:free]:
        registration.status = RegistrationStatus.REGISTERED
        registration.waiting_position = None
        registration.promoted_at = now
        registration.save(update_fields=["status", "waiting_position", "promoted_at"])
        promoted.append(registration)
        mails.send_registration_mail(
            registration,
            template="place_obtenue",
            subject=f"Une place s’est libérée : {training.title}",
            sequence=1,
        )
    return promoted


@transaction.atomic
def registration_cancel(
    *, registration: Registration, now: datetime.datetime | None = None
) -> list[Registration]:
    """Cancel a registration; the first waiting tutors get the freed place and a mail.

    Returns the promoted registrations. Cancelling twice changes nothing.
    """
    now = now or timezone.now()
    training = _lock(registration.training)
    registration = Registration.objects.select_related("contact").get(pk=registration.pk)
    if registration.status == RegistrationStatus.CANCELLED:
        return []
    if training.ends_at <= now:
        raise FormationError("La session est passée : l’inscription ne peut plus être annulée.")
    registration.training = training
    registration.status = RegistrationStatus.CANCELLED
    registration.waiting_position = None
    registration.cancelled_at = now
    registration.save(update_fields=["status", "waiting_position", "cancelled_at"])
    mails.send_registration_mail(
        registration,
        template="annulation",
        subject=f"Inscription annulée : {training.title}",
        method="CANCEL",
        sequence=2,
    )
    return _promote_waiting(training, now)


@transaction.atomic
def training_set_capacity(*, training: TutorTraining, capacity: int) -> list[Registration]:
    """Change the number of places; new places go to the waiting list first."""
    if capacity < 1:
        raise FormationError("Une session compte au moins une place.", field="capacity")
    training = _lock(training)
    training.capacity = capacity
    training.save(update_fields=["capacity"])
    return _promote_waiting(training, timezone.now())


def _attendance_recorded(training: TutorTraining, now) -> None:
    if training.attendance_recorded_at is None:
        TutorTraining.objects.filter(pk=training.pk).update(attendance_recorded_at=now)
        training.attendance_recorded_at = now


@transaction.atomic
def registration_mark_attendance(
    *, registration: Registration, status: str, by=None, now: datetime.datetime | None = None
) -> Registration:
    """Présent, absent or excusé for one tutor holding a place."""
    now = now or timezone.now()
    if status not in ATTENDANCE_STATUSES:
        raise FormationError("Choisissez présent, absent ou excusé.")
    registration = (
        Registration.objects.select_for_update().select_related("training").get(pk=registration.pk)
    )
    if not registration.holds_place:
        raise FormationError(
            "Ce tuteur n’a pas de place à cette session : ajoutez-le sur place s’il est venu."
        )
    registration.status = status
    registration.attendance_marked_at = now
    registration.attendance_marked_by = by
    registration.save(update_fields=["status", "attendance_marked_at", "attendance_marked_by"])
    _attendance_recorded(registration.training, now)
    return registration


@transaction.atomic
def training_add_tutor_on_site(*, training: TutorTraining, by=None, **tutor) -> Registration:
    """A tutor who came without registering: added present, beyond the capacity if needed."""
    return training_register_tutor(training=training, on_site=True, by=by, consent=False, **tutor)


def _after_session(training: TutorTraining, now) -> None:
    if training.ends_at > now:
        raise FormationError("La session n’est pas encore terminée.")


@transaction.atomic
def training_send_certificates(
    *, training: TutorTraining, now: datetime.datetime | None = None
) -> int:
    """Mail an attendance certificate (PDF) to each present tutor who has not had one."""
    now = now or timezone.now()
    training = _lock(training)
    _after_session(training, now)
    pending = list(
        training.registrations.present()
        .filter(certificate_sent_at__isnull=True)
        .select_related("contact__company", "training__school")
    )
    for registration in pending:
        registration.certificate_sent_at = now
        registration.save(update_fields=["certificate_sent_at"])
        mails.send_certificate(registration)
    TutorTraining.objects.filter(pk=training.pk).update(certificates_sent_at=now)
    return len(pending)


# Certificates go out on their own the day after a session, to tutors marked present; a mail
# that failed (certificate_sent_at emptied again) is retried on the following days.
CERTIFICATE_DAYS = 14


def certificates_send_due(*, today: datetime.date | None = None) -> int:
    """Send the certificates still owed for sessions ended before `today` (the last 14 days)."""
    today = today or timezone.localdate()
    due = (
        TutorTraining.objects.filter(
            ends_at__date__lt=today,
            ends_at__date__gte=today - datetime.timedelta(days=CERTIFICATE_DAYS),
            registrations__status=RegistrationStatus.PRESENT,
            registrations__certificate_sent_at__isnull=True,
        )
        .distinct()
        .order_by("pk")
    )
    return sum(training_send_certificates(training=training) for training in due)


@transaction.atomic
def training_request_feedback(
    *, training: TutorTraining, now: datetime.datetime | None = None
) -> int:
    """Ask each present tutor for their opinion (once each), by a signed link."""
    now = now or timezone.now()
    training = _lock(training)
    _after_session(training, now)
    pending = list(
        training.registrations.present()
        .filter(feedback_requested_at__isnull=True)
        .select_related("contact", "training__school")
    )
    for registration in pending:
        registration.feedback_requested_at = now
        registration.save(update_fields=["feedback_requested_at"])
        mails.send_feedback_request(registration)
    TutorTraining.objects.filter(pk=training.pk).update(feedback_requested_at=now)
    return len(pending)


@transaction.atomic
def feedback_submit(
    *, registration: Registration, satisfaction: int, comment: str = ""
) -> Feedback:
    """A present tutor's opinion; given again, it replaces the first one."""
    if registration.status != RegistrationStatus.PRESENT:
        raise FormationError("Seuls les tuteurs présents à la session peuvent donner leur avis.")
    if not 1 <= int(satisfaction) <= 5:
        raise FormationError("La satisfaction se note de 1 à 5.", field="satisfaction")
    feedback, _ = Feedback.objects.update_or_create(
        registration=registration,
        defaults={"satisfaction": int(satisfaction), "comment": comment.strip()},
    )
    return feedback


def training_feedback_summary(training: TutorTraining) -> dict:
    """Average satisfaction, number of opinions and the comments of one session."""
    feedbacks = list(
        Feedback.objects.filter(registration__training=training).order_by("-created_at")
    )
    count = len(feedbacks)
    average = round(sum(f.satisfaction for f in feedbacks) / count, 1) if count else None
    return {
        "count": count,
        "average": average,
        "comments": [f.comment for f in feedbacks if f.comment],
    }


# Mentoring ----------------------------------------------------------------------------------


@transaction.atomic
def mentoring_pair_create(*, by=None, **fields) -> MentoringPair:
    """A new mentoring pair; the rules (6 months at least) are checked before saving."""
    pair = MentoringPair(**fields)
    teacher = fields.get("teacher")
    if teacher is not None and not is_teacher_of(teacher, pair.school_id):
        raise FormationError(
            "L’enseignant qui suit le binôme doit être enseignant de l’établissement.",
            field="teacher",
        )
    try:
        pair.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise FormationError(messages[0], field=field) from error
    pair.save()
    pair.mentor.schools.add(pair.school)
    return pair


# An offer's words (offres.kinds) → the pair's modes.
OFFER_MODES = {"distanciel": "distance", "presentiel": "site", "mixte": "mixte"}


@transaction.atomic
def mentoring_pairs_from_offer(
    *,
    answer,
    students: list[tuple[str, str]],
    start_date: datetime.date,
    mentor: Contact | None = None,
    teacher=None,
    by=None,
) -> list[MentoringPair]:
    """Pairs from a mentoring offer the school accepted: one per (first name, class) given.

    `answer` is the school's offres.SubmissionSchool; the offer is only read. The framing, mode
    and duration come from the offer; the mentor is the offer's contact unless another is given.
    """
    from offres.models import SubmissionKind, SubmissionStatus

    offer = answer.submission
    if offer.kind != SubmissionKind.MENTORING:
        raise FormationError("Cette proposition n’est pas une offre de mentorat.")
    if answer.status != SubmissionStatus.ACCEPTED:
        raise FormationError("Seule une offre de mentorat acceptée par le lycée forme des binômes.")
    if not students:
        raise FormationError("Indiquez au moins un élève (prénom et classe).", field="students")
    mentor = mentor or offer.contact
    if mentor.company_id != offer.company_id:
        raise FormationError("Le mentor doit travailler dans l’entreprise qui propose.")
    terms = mentoring_terms(offer.details)
    pairs = []
    for first_name, class_name in students:
        pairs.append(
            mentoring_pair_create(
                by=by,
                school=answer.school,
                mentor=mentor,
                offer=offer,
                student_first_name=first_name.strip(),
                student_class=class_name.strip(),
                framing_kind=FramingKind.PTECH if terms.ptech else FramingKind.ASSOCIATION,
                framing_name=terms.structure[:200],
                mode=OFFER_MODES.get(terms.mode, MentoringMode.MIXED),
                start_date=start_date,
                planned_end=add_months(start_date, terms.months),
                teacher=teacher,
            )
        )
    return pairs


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def checkin_check_month(
    *, pair: MentoringPair, month: datetime.date, today: datetime.date | None = None
) -> None:
    """A check-in is for a month already begun, once the mentoring has started."""
    today = today or timezone.localdate()
    if month_start(month) > month_start(today):
        raise FormationError("Ce mois n’a pas encore commencé.", field="month")
    if month_start(month) < month_start(pair.start_date):
        raise FormationError("Le mentorat n’avait pas encore commencé ce mois-là.", field="month")


@transaction.atomic
def checkin_record(
    *,
    pair: MentoringPair,
    month: datetime.date,
    hours: Decimal,
    note: str = "",
    by=None,
    today: datetime.date | None = None,
) -> MonthlyCheckIn:
    """The hours of one month (entered again, they replace the first figure)."""
    month = month_start(month)
    hours = Decimal(hours)
    if hours < 0:
        raise FormationError("Le nombre d’heures ne peut pas être négatif.", field="hours")
    checkin_check_month(pair=pair, month=month, today=today)
    checkin, _ = MonthlyCheckIn.objects.update_or_create(
        pair=pair, month=month, defaults={"hours": hours, "note": note.strip(), "entered_by": by}
    )
    entreprises_services.contact_touch(pair.mentor_id)
    return checkin


# Partner events -----------------------------------------------------------------------------


@transaction.atomic
def event_invite_partners(*, event: Event, partnerships) -> dict:
    """Invite the contacts (with an email) of the chosen partnerships of the event's school.

    Returns {"invited": n, "already": n, "without_contact": [company names]}.
    """
    result = {"invited": 0, "already": 0, "without_contact": []}
    partnerships = partnerships.filter(school=event.school).select_related("company")
    existing = set(event.invitations.values_list("email", flat=True))
    for partnership in partnerships:
        contacts = [
            c
            for c in Contact.objects.filter(
                company=partnership.company, schools=event.school, anonymised_at__isnull=True
            ).exclude(email="")
        ]
        if not contacts:
            result["without_contact"].append(partnership.company.name)
            continue
        for contact in contacts:
            email = contact.email.lower()
            if email in existing:
                result["already"] += 1
                continue
            invitation = Invitation.objects.create(
                event=event,
                company=partnership.company,
                contact=contact,
                email=email,
                sent_at=timezone.now(),
            )
            existing.add(email)
            result["invited"] += 1
            mails.send_invitation(invitation)
    return result


@transaction.atomic
def invitation_respond(*, invitation: Invitation, coming: bool) -> Invitation:
    if invitation.event.starts_at <= timezone.now():
        raise FormationError("L’événement a eu lieu : il n’est plus possible de répondre.")
    invitation.rsvp = RsvpStatus.YES if coming else RsvpStatus.NO
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["rsvp", "responded_at"])
    entreprises_services.contact_touch(invitation.contact_id)
    return invitation


@transaction.atomic
def invitation_set_attended(*, invitation: Invitation, attended: bool) -> Invitation:
    invitation.attended = attended
    invitation.save(update_fields=["attended"])
    return invitation
