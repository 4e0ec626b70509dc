"""A company's offers: created, updated, withdrawn, limited; the company and contact found."""

from django.db import transaction
from django.utils import timezone

from entreprises.models import Company, ConsentMethod, Contact
from entreprises.services import CompanyError, company_find_or_create, contact_find_or_create
from entreprises.validators import normalize_siret
from etablissements.dashboard_cache import figures_changed
from etablissements.models import School

from ..kinds import KINDS, details_form
from ..mails import mail_discovery_to_college, mail_submission_received
from ..models import (
    FollowUpStatus,
    Submission,
    SubmissionEvent,
    SubmissionKind,
    SubmissionSchool,
    SubmissionStatus,
)
from ..new_submissions import new_submission_plan
from ..routing import DEFAULT_DISTANCE, distances_km, route_need

CONSENT_PURPOSE = "être recontacté par les lycées choisis au sujet de sa proposition"


class SubmissionError(Exception):
    """A rule of submissions was broken. `field` names the form field concerned, if any."""

    def __init__(self, message: str, field: str | None = None, errors: dict | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.errors = errors or {}


def _validated_details(kind: str, details: dict) -> dict:
    form = details_form(kind, details)
    if not form.is_valid():
        errors = {name: [str(e) for e in errs] for name, errs in form.errors.items()}
        raise SubmissionError(
            "Certaines informations ne respectent pas les règles de cette proposition.",
            errors=errors,
        )
    return form.to_details()


def company_for_submission(
    *, siret: str, name: str, postcode: str = "", town: str = ""
) -> tuple[Company, bool]:
    """The company of this SIRET (one record per SIRET, portal-wide), created if new; and
    whether this submission created it.

    Goes through the workspace's own service: an existing record is never overwritten by a
    public form, and a merged record leads to the one it was merged into.
    """
    try:
        company, created = company_find_or_create(
            siret=siret, defaults={"name": name, "postcode": postcode, "town": town.strip()}
        )
    except CompanyError as exc:
        field = "company_name" if exc.code == "name_missing" else "siret"
        raise SubmissionError(exc.messages[0], field=field) from exc
    return company, created


def submitter_find_or_create(
    *, company: Company, email: str, schools=(), confirmed_by: str = "", **fields
) -> Contact:
    """The person who submits (entreprises' one rule), consenting through the online form.

    A new person is confirmed only when `confirmed_by` says who vouches for them, or when their
    address is at the company's web domain; otherwise they see only their own submissions until
    a colleague or a school confirms them.
    """
    contact, _ = contact_find_or_create(
        company=company,
        email=email,
        schools=schools,
        consent_method=ConsentMethod.ONLINE_FORM,
        consent_purpose=CONSENT_PURPOSE,
        confirmed_by=confirmed_by,
        **fields,
    )
    return contact


def _log(submission, field, from_value, to_value, *, school=None, by=None, comment=""):
    SubmissionEvent.objects.create(
        submission=submission,
        school=school,
        field=field,
        from_value=from_value,
        to_value=to_value,
        by=by,
        comment=comment,
    )


@transaction.atomic
def submission_create(
    *,
    kind: str,
    siret: str,
    company_name: str,
    postcode: str = "",
    town: str = "",
    email: str,
    first_name: str,
    last_name: str,
    phone: str = "",
    job_title: str = "",
    schools=(),
    details: dict,
    joins: Submission | None = None,
    trade_area: str = "",
    diploma: str = "",
    distance: str = "",
) -> Submission:
    """Save a company's offer or request entirely (company, person, schools) or not at all.

    With no school chosen, the portal sends it to the nearest schools that prepare the trades
    concerned (`offres.routing`): the filière or diploma named, else the company's NAF code,
    within `distance` (10, 25, 50 km or « dep »). If none does, nothing is saved and the error
    names the nearest that do and the académie's contact.
    """
    if kind not in KINDS:
        raise SubmissionError("Type de proposition inconnu.")
    schools = list(schools)
    routing, point = route_need(
        siret=normalize_siret(siret) if siret else "",
        postcode=postcode,
        town=town,
        trade_area=trade_area,
        diploma=diploma,
        distance=distance or DEFAULT_DISTANCE,
    )
    routed = not schools and joins is None
    if routed:
        chosen = routing.default_choice()
        if not chosen:
            raise SubmissionError(routing.explanation(), field="schools")
        schools = list(School.objects.filter(pk__in=chosen))
    if not schools:
        raise SubmissionError("Choisissez au moins un lycée.", field="schools")
    if joins is not None:
        if joins.kind != SubmissionKind.SPECIALISATION or kind != SubmissionKind.SPECIALISATION:
            raise SubmissionError("On ne se joint qu’à une demande d’ouverture de formation.")
        if not Submission.objects.open_specialisation_requests().filter(pk=joins.pk).exists():
            raise SubmissionError("Cette demande n’est plus ouverte aux autres entreprises.")
    clean = _validated_details(kind, details)
    company, _created = company_for_submission(
        siret=siret, name=company_name, postcode=postcode, town=town
    )
    contact = submitter_find_or_create(
        company=company,
        email=email,
        first_name=first_name,
        last_name=last_name,
        phone=phone,
        job_title=job_title,
        schools=schools,
        # A SIRET is public: typing it proves nothing, even first. The person sees only their
        # own proposals until a school's staff or a confirmed colleague vouches for them, or
        # their address is at the company's web domain (entreprises' one contact rule).
        confirmed_by="",
    )
    submission = Submission.objects.create(
        kind=kind,
        company=company,
        contact=contact,
        details=clean,
        joins=joins,
        followup_status=FollowUpStatus.RECEIVED if kind == SubmissionKind.SPECIALISATION else "",
        followup_changed_at=timezone.now() if kind == SubmissionKind.SPECIALISATION else None,
        trade_area=(trade_area or ", ".join(routing.trade_areas))[:120],
        distance=distance or DEFAULT_DISTANCE,
        routed=routed,
    )
    kms = distances_km(point, [school.pk for school in schools])
    SubmissionSchool.objects.bulk_create(
        [
            SubmissionSchool(submission=submission, school=school, distance_km=kms.get(school.pk))
            for school in schools
        ]
    )
    figures_changed()  # bulk_create sends no signal: the academy's waiting proposals move
    _log(submission, "status", "", SubmissionStatus.SUBMITTED, comment="soumise en ligne")
    mail_submission_received(submission_id=submission.pk)
    if kind == SubmissionKind.DISCOVERY and clean.get("college_email"):
        mail_discovery_to_college(submission_id=submission.pk)
    new_submission_plan(submission=submission)
    return submission


@transaction.atomic
def submission_update_details(*, submission: Submission, details: dict) -> Submission:
    """The company changes its submission; only while no school has answered."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if not submission.is_editable:
        raise SubmissionError(
            "Cette proposition ne peut plus être modifiée : un lycée y a déjà répondu ou elle a "
            "été retirée."
        )
    submission.details = _validated_details(submission.kind, details)
    submission.save(update_fields=["details", "updated_at"])
    _log(submission, "details", "", "modifiee", comment="modifiée par l’entreprise")
    return submission


@transaction.atomic
def submission_withdraw(*, submission: Submission) -> Submission:
    """The company withdraws its submission: no school can accept it any more."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.status in (SubmissionStatus.WITHDRAWN, SubmissionStatus.CLOSED):
        return submission
    previous = submission.status
    submission.status = SubmissionStatus.WITHDRAWN
    submission.withdrawn_at = timezone.now()
    submission.save(update_fields=["status", "withdrawn_at", "updated_at"])
    _log(submission, "status", previous, SubmissionStatus.WITHDRAWN, comment="par l’entreprise")
    return submission


@transaction.atomic
def submission_set_limits(
    *,
    submission: Submission,
    paused: bool,
    request_cap: int | None = None,
    students_per_period: int | None = None,
) -> Submission:
    """Pause an offer or cap how many requests it receives."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    if submission.is_withdrawn:
        raise SubmissionError("Cette proposition a été retirée.")
    for value, field in (
        (request_cap, "request_cap"),
        (students_per_period, "students_per_period"),
    ):
        if value is not None and value < 0:
            raise SubmissionError("Indiquez un nombre positif ou laissez vide.", field=field)
    submission.paused = paused
    submission.request_cap = request_cap
    submission.students_per_period = students_per_period
    submission.save(update_fields=["paused", "request_cap", "students_per_period", "updated_at"])
    return submission
