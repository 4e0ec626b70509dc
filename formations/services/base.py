"""The formations' error, the company and tutor look-ups and the staff checks of the writes."""

from entreprises import services as entreprises_services
from entreprises.models import Company, ConsentMethod, Contact, ContactRole
from entreprises.services import contact_find_or_create
from etablissements.selectors import not_teachers_of

from ..models import (
    TutorTraining,
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
TUTOR_PARTNERSHIP_COMMENT = "création : un tuteur de l’entreprise s’est inscrit à une formation"


def tutor_find_or_create(
    *,
    company: Company,
    school,
    first_name: str,
    last_name: str,
    email: str,
    consent: bool,
    on_site_by=None,
) -> Contact:
    """The tutor (entreprises' one rule), linked to the school, consenting online if they did,
    or orally on site, noted by `on_site_by` (the teacher who adds a walk-in tutor)."""
    method = ConsentMethod.ON_SITE if on_site_by else ConsentMethod.ONLINE_FORM
    contact, _ = contact_find_or_create(
        company=company,
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=ContactRole.TUTOR,
        consent_method=method if consent else None,
        consent_purpose=TUTOR_CONSENT_PURPOSE,
        consent_by=on_site_by,
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
