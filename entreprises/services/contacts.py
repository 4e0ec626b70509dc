"""Contacts: the one rule that finds or creates a company's person, and their RGPD life
(touched, confirmed, exported, erased, anonymised when inactive)."""

import datetime
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common.dates import day_start
from etablissements.dashboard_cache import figures_changed
from etablissements.models import School

from ..models import (
    Company,
    ConsentMethod,
    Contact,
    ContactErasure,
    ContactRole,
    ErasureReason,
)
from .relations import relation_label, reverse_relations

INACTIVITY_YEARS = 3


class ContactError(ValidationError):
    """A rule of contacts was broken; the message is for the user, in French."""


# ---------------------------------------------------------------------------- contacts (RGPD)

CONSENT_FIELDS = ("consent_given_at", "consent_method", "consent_purpose")

# ------------------------------------------------------------------- the one find-or-create rule

# Consents the person gives themselves: they renew an older one (an import's does not).
CONSENTS_GIVEN_BY_PERSON = {
    ConsentMethod.ONLINE_FORM,
    ConsentMethod.WRITTEN,
    ConsentMethod.ORAL,
    ConsentMethod.ON_SITE,
}


def _contact_match(*, company: Company, email: str, first_name: str, last_name: str):
    """The company's person not anonymised with this email (case aside), or with no email,
    the same first and last names."""
    contacts = Contact.objects.filter(company=company, anonymised_at__isnull=True).order_by("pk")
    if email:
        return contacts.filter(email__iexact=email).first()
    return contacts.filter(
        email="", first_name__iexact=first_name, last_name__iexact=last_name
    ).first()


# Addresses anyone can open: a company's site on one of them vouches for nobody.
SHARED_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "outlook.fr",
        "hotmail.com",
        "hotmail.fr",
        "live.fr",
        "live.com",
        "yahoo.com",
        "yahoo.fr",
        "icloud.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "laposte.net",
        "gmx.fr",
        "proton.me",
        "protonmail.com",
    }
)


def website_domain(company: Company) -> str:
    """The host of the company's website (as the school's staff recorded it), without www."""
    website = (company.website or "").strip()
    if not website:
        return ""
    if "//" not in website:
        website = f"https://{website}"
    host = (urlsplit(website).hostname or "").lower().rstrip(".")
    return host.removeprefix("www.")


def email_in_company_domain(*, company: Company, email: str) -> bool:
    """True when `email` is at the company's own web domain (or one of its subdomains): the
    address was given by the company, which vouches for the person. The website is the one the
    staff recorded: a public form never sets it, so a stranger cannot choose it."""
    domain = website_domain(company)
    if not domain or "." not in domain or domain in SHARED_MAIL_DOMAINS:
        return False
    mail_domain = (email or "").rpartition("@")[2].strip().lower().rstrip(".")
    return mail_domain == domain or mail_domain.endswith(f".{domain}")


def _confirm(contact: Contact, confirmed_by: str | None, *, created: bool, now) -> set[str]:
    """A new person is confirmed unless a public form says nobody vouches for them
    (`confirmed_by=""`); a known unconfirmed one is confirmed when someone does."""
    if created:
        if confirmed_by is not None:
            contact.confirmed_at = now if confirmed_by else None
            contact.confirmed_by = confirmed_by[:250]
        return set()
    if confirmed_by and contact.confirmed_at is None:
        contact.confirmed_at = now
        contact.confirmed_by = confirmed_by[:250]
        return {"confirmed_at", "confirmed_by"}
    return set()


def _fill_blanks(contact: Contact, *, phone: str, job_title: str) -> set[str]:
    """A blank phone or job title is filled, never overwritten."""
    changed = set()
    for name, value in (("phone", (phone or "").strip()[:30]), ("job_title", job_title)):
        if value and not getattr(contact, name):
            setattr(contact, name, value.strip())
            changed.add(name)
    return changed


def _record_consent(contact: Contact, *, method, purpose: str, by, now) -> set[str]:
    """A consent the person gives is recorded (renewing an older one); an import only fills a
    contact with none. Acting online restarts the person's RGPD clock."""
    changed = set()
    if method and (method in CONSENTS_GIVEN_BY_PERSON or contact.consent_given_at is None):
        contact.consent_given_at = now
        contact.consent_method = method
        contact.consent_purpose = purpose
        contact.consent_recorded_by = by
        changed |= {*CONSENT_FIELDS, "consent_recorded_by"}
    if method == ConsentMethod.ONLINE_FORM:
        contact.last_activity_at = now
        changed.add("last_activity_at")
    return changed


@transaction.atomic
def contact_find_or_create(
    *,
    company: Company,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    phone: str = "",
    job_title: str = "",
    role: str = ContactRole.OTHER,
    consent_method: str | None = None,
    consent_purpose: str = "",
    consent_by=None,
    schools=(),
    by=None,
    confirmed_by: str | None = None,
) -> tuple[Contact, bool]:
    """The person of `company` (created if new), linked to `schools`: the portal's one rule,
    used by the companies' submissions (offres), the tutors' registrations (formations) and the
    import of a school's spreadsheet.

    Matching, confirmation, blanks and consent: see `_contact_match`, `_confirm`,
    `_fill_blanks` and `_record_consent`. `consent_by` is the staff user who noted a consent not
    given online; `confirmed_by=None` (staff, import, demo) confirms a new person;
    `confirmed_by=""` (a public form) confirms only an address at the company's web domain.
    """
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not email and not (first_name or last_name):
        raise ContactError("Indiquez au moins le courriel ou le nom de la personne.")
    now = timezone.now()
    if confirmed_by == "" and email_in_company_domain(company=company, email=email):
        confirmed_by = f"courriel du domaine du site de l’entreprise ({website_domain(company)})"
    contact = _contact_match(
        company=company, email=email, first_name=first_name, last_name=last_name
    )
    created = contact is None
    if created:
        contact = Contact(
            company=company,
            email=email,
            first_name=first_name,
            last_name=last_name,
            role=role,
            created_by=by,
        )
    changed = _confirm(contact, confirmed_by, created=created, now=now)
    changed |= _fill_blanks(contact, phone=phone, job_title=job_title)
    changed |= _record_consent(
        contact, method=consent_method, purpose=consent_purpose, by=consent_by, now=now
    )
    if created:
        contact.save()
    elif changed:
        contact.save(update_fields=sorted(changed))
    if schools:
        contact.schools.add(*schools)
    return contact, created


@transaction.atomic
def contact_save(*, contact: Contact, schools=None, by=None) -> Contact:
    """A contact entered or corrected by a school's staff (an unsaved instance from its form),
    linked to `schools` (those of the editor's schools it works with; its links to other
    schools stay): who created it, and, when its consent is entered or changed, who noted it
    (the RGPD register says who recorded what)."""
    before = None
    if contact.pk:
        before = Contact.objects.filter(pk=contact.pk).values(*CONSENT_FIELDS).first()
    elif contact.created_by_id is None:
        contact.created_by = by
    consent = {name: getattr(contact, name) for name in CONSENT_FIELDS}
    if contact.consent_given_at and consent != before:
        contact.consent_recorded_by = by
    contact.save()
    if schools is not None:
        # The links to schools the editor does not see stay: only their own are in the form.
        hidden = contact.schools.exclude(pk__in=School.objects.for_user(by).values("pk"))
        contact.schools.set([*schools, *hidden])
    return contact


def contact_touch(*contact_ids, when=None) -> None:
    """Mark contacts as active now (a registration, a check-in, an answer): the 3-year RGPD
    clock of `contacts_anonymise_inactive` starts again from their last activity."""
    ids = [pk for pk in contact_ids if pk]
    if ids:
        Contact.objects.filter(pk__in=ids).update(last_activity_at=when or timezone.now())


@transaction.atomic
def contact_confirm(*, contact: Contact, by: str) -> Contact:
    """Vouch that this person belongs to their company (`by` says who, in French): they then
    see their colleagues' submissions in the espace entreprise."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.anonymised_at:
        raise ContactError("Ce contact a été anonymisé : il ne peut plus être confirmé.")
    if contact.confirmed_at is None:
        contact.confirmed_at = timezone.now()
        contact.confirmed_by = by[:250]
        contact.save(update_fields=["confirmed_at", "confirmed_by"])
    return contact


CONTACT_EXPORT_FIELDS = [
    "first_name",
    "last_name",
    "role",
    "job_title",
    "email",
    "phone",
    "consent_given_at",
    "consent_method",
    "consent_purpose",
    "last_activity_at",
    "created_at",
    "anonymised_at",
]


def _plain(value):
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    return value


def contact_export(contact: Contact) -> dict:
    """Everything the portal holds on this person (RGPD right of access), as plain data."""
    data = {
        str(Contact._meta.get_field(name).verbose_name): _plain(getattr(contact, name))
        for name in CONTACT_EXPORT_FIELDS
    }
    data["rôle"] = contact.get_role_display()
    data["consentement recueilli par"] = contact.get_consent_method_display()
    data["entreprise"] = f"{contact.company.name} (SIRET {contact.company.siret})"
    data["établissements"] = [school.name for school in contact.schools.all()]
    # Rows of other features that name this person (registrations, mentoring…), by introspection.
    linked = {}
    for rel in reverse_relations(Contact):
        if rel.related_model is ContactErasure:
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: contact})
        items = [str(row) for row in rows[:500]]
        if items:
            linked[relation_label(rel.related_model)] = items
    if linked:
        data["autres données liées"] = linked
    return data


ANONYMOUS_FIRST_NAME = "Contact"


ANONYMOUS_LAST_NAME = "anonymisé"


_ERASED_VALUES = {
    "first_name": ANONYMOUS_FIRST_NAME,
    "last_name": ANONYMOUS_LAST_NAME,
    "job_title": "",
    "email": "",
    "phone": "",
    "consent_given_at": None,
    "consent_method": "",
    "consent_purpose": "",
    "consent_recorded_by": None,
    "last_activity_at": None,
}


@transaction.atomic
def contact_erase(*, contact: Contact, by=None, reason: str = ErasureReason.REQUEST) -> Contact:
    """Anonymise a person (RGPD right to erasure) and log it; the row stays for the links to it."""
    contact = Contact.objects.select_for_update().get(pk=contact.pk)
    if contact.anonymised_at:
        return contact
    for name, value in _ERASED_VALUES.items():
        setattr(contact, name, value)
    contact.anonymised_at = timezone.now()
    contact.save()
    ContactErasure.objects.create(
        contact=contact, company_id=contact.company_id, reason=reason, by=by
    )
    return contact


def inactivity_cutoff(today: datetime.date) -> datetime.datetime:
    """The moment three years before `today` (29 February falls back to the 28th)."""
    try:
        day = today.replace(year=today.year - INACTIVITY_YEARS)
    except ValueError:
        day = today.replace(year=today.year - INACTIVITY_YEARS, day=28)
    return day_start(day)


def contacts_inactive(today: datetime.date):
    return Contact.objects.inactive_since(inactivity_cutoff(today))


def contacts_anonymise_inactive(*, today: datetime.date, batch_size: int = 1000) -> int:
    """Anonymise every contact with no activity for three years; returns how many were.

    One transaction per batch, so that a national run neither holds locks for long nor starts
    over from nothing when interrupted (a batch anonymised stays anonymised).
    """
    total = 0
    while True:
        with transaction.atomic():
            rows = list(
                contacts_inactive(today)
                .select_for_update()
                .order_by("pk")
                .values_list("pk", "company_id")[:batch_size]
            )
            if not rows:
                return total
            ids = [pk for pk, _ in rows]
            Contact.objects.filter(pk__in=ids).update(
                anonymised_at=timezone.now(), **_ERASED_VALUES
            )
            figures_changed()  # update() sends no signal: the academy's contact count moves
            ContactErasure.objects.bulk_create(
                ContactErasure(contact_id=pk, company_id=company_id, reason=ErasureReason.INACTIVE)
                for pk, company_id in rows
            )
        total += len(rows)
