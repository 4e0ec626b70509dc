"""Where a contact is created: the portal's one rule to find or create a company's person.

Used by the companies' submissions (offres), the tutors' registrations (formations) and the
import of a school's spreadsheet (entreprises.imports).
"""

from django.db import transaction
from django.utils import timezone

from .models import Company, ConsentMethod, Contact, ContactRole
from .services import ContactError


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
    """The person of `company` (created if new), linked to `schools`; the one rule of the portal.

    Matching: among the company's contacts not anonymised, the same email (case aside), or,
    with no email, the same first and last names. Consent: a consent the person gives
    themselves (form, writing, orally, on site) is recorded, renewing an older one, with the
    staff user who noted it (`consent_by`, when not given online); an import only
    fills a contact with no consent. A person acting online restarts their RGPD clock.
    Blank phone or job title are filled, never overwritten. Confirmation (offres' espace
    entreprise): with `confirmed_by=None` (staff, import, demo) a new person is confirmed; from a
    public form pass who vouches for them, or "" when nobody does (then a new person stays
    unconfirmed until a colleague or a school confirms them).
    """
    email = (email or "").strip().lower()
    first_name, last_name = (first_name or "").strip(), (last_name or "").strip()
    if not email and not (first_name or last_name):
        raise ContactError("Indiquez au moins le courriel ou le nom de la personne.")
    contacts = Contact.objects.filter(company=company, anonymised_at__isnull=True).order_by("pk")
    if email:
        contact = contacts.filter(email__iexact=email).first()
    else:
        contact = contacts.filter(
            email="", first_name__iexact=first_name, last_name__iexact=last_name
        ).first()
    now = timezone.now()
    changed = set()
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
        if confirmed_by is not None:
            contact.confirmed_at = now if confirmed_by else None
            contact.confirmed_by = confirmed_by[:250]
    elif confirmed_by and contact.confirmed_at is None:
        contact.confirmed_at = now
        contact.confirmed_by = confirmed_by[:250]
        changed |= {"confirmed_at", "confirmed_by"}
    for name, value in (("phone", (phone or "").strip()[:30]), ("job_title", job_title)):
        if value and not getattr(contact, name):
            setattr(contact, name, value.strip())
            changed.add(name)
    given_by_person = consent_method in {
        ConsentMethod.ONLINE_FORM,
        ConsentMethod.WRITTEN,
        ConsentMethod.ORAL,
        ConsentMethod.ON_SITE,
    }
    if consent_method and (given_by_person or contact.consent_given_at is None):
        contact.consent_given_at = now
        contact.consent_method = consent_method
        contact.consent_purpose = consent_purpose
        contact.consent_recorded_by = consent_by
        changed |= {"consent_given_at", "consent_method", "consent_purpose", "consent_recorded_by"}
    if consent_method == ConsentMethod.ONLINE_FORM:
        contact.last_activity_at = now
        changed.add("last_activity_at")
    if created:
        contact.save()
    elif changed:
        contact.save(update_fields=sorted(changed))
    if schools:
        contact.schools.add(*schools)
    return contact, created
