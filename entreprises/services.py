"""Writes on companies and contacts: one record per SIRET, merges, RGPD export and erasure."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from common.dates import day_start

from .models import (
    Company,
    CompanyMerge,
    Contact,
    ContactErasure,
    ErasureReason,
)
from .validators import normalize_siret, validate_siret

INACTIVITY_YEARS = 3


class CompanyError(ValidationError):
    """A rule of companies was broken; the message is for the user, in French."""


class ContactError(ValidationError):
    """A rule of contacts was broken; the message is for the user, in French."""


# ---------------------------------------------------------------------------- companies


def company_by_siret(siret: str) -> Company | None:
    """The record in use for a SIRET, portal-wide (a merged record leads to the kept one)."""
    company = Company.objects.filter(siret=normalize_siret(siret)).first()
    seen = set()
    while company is not None and company.merged_into_id and company.pk not in seen:
        seen.add(company.pk)
        company = company.merged_into
    return company


@transaction.atomic
def company_find_or_create(*, siret: str, defaults: dict | None = None) -> tuple[Company, bool]:
    """The company of this SIRET, or a new one built from `defaults` (validated) if none exists."""
    try:
        validate_siret(siret)
    except ValidationError as exc:
        raise CompanyError(exc.messages[0], code=exc.code, params=exc.params) from exc
    existing = company_by_siret(siret)
    if existing is not None:
        return existing, False
    company = Company(siret=normalize_siret(siret), **(defaults or {}))
    if not (company.name or "").strip():
        raise CompanyError("La raison sociale manque.", code="name_missing")
    company.name = company.name.strip()
    company.full_clean(validate_unique=False)
    company.save()
    return company, True


def company_possible_duplicates(name: str, postcode: str, *, exclude: Company | None = None):
    """Probably the same company: same name (case, accents aside) at the same postcode."""
    queryset = Company.objects.named_like(name, postcode)
    if exclude is not None and exclude.pk:
        queryset = queryset.exclude(pk=exclude.pk)
    return queryset


def company_sites(company: Company):
    """The other establishments (SIRETs) of the same legal unit (SIREN)."""
    return Company.objects.sites_of(company.siren).exclude(pk=company.pk)


# Logs keep pointing at the record they describe.
_MERGE_SKIPPED_MODELS = {CompanyMerge, ContactErasure}


def _reverse_relations(model):
    """Every relation that points at `model` (hidden ones included), found by introspection."""
    for field in model._meta.get_fields(include_hidden=True):
        if field.is_relation and field.auto_created and not field.concrete:
            yield field


def _fk_is_unique(model, field_name: str) -> bool:
    field = model._meta.get_field(field_name)
    if field.unique:
        return True
    if any(field_name in group for group in model._meta.unique_together):
        return True
    return any(
        isinstance(c, models.UniqueConstraint) and field_name in (c.fields or ())
        for c in model._meta.constraints
    )


def _label(model) -> str:
    return str(model._meta.verbose_name_plural)


def _move_related(*, model, old, new, skip_models=(), dry_run=False) -> dict[str, int]:
    """Point every row that refers to `old` at `new`; returns {verbose_name_plural: count}."""
    counts: dict[str, int] = {}
    for rel in _reverse_relations(model):
        related = rel.related_model
        if related in skip_models:
            continue
        if rel.many_to_many:
            field = rel.field
            through = field.remote_field.through
            source = field.m2m_field_name()
            target = field.m2m_reverse_field_name()
            rows = through._base_manager.filter(**{target: old})
            count = rows.count()
            if count and not dry_run:
                already = through._base_manager.filter(**{target: new}).values(f"{source}_id")
                rows.filter(**{f"{source}_id__in": already}).delete()
                through._base_manager.filter(**{target: old}).update(**{target: new})
            if count:
                counts[_label(related)] = counts.get(_label(related), 0) + count
            continue
        field_name = rel.field.name
        rows = related._base_manager.filter(**{field_name: old})
        count = rows.count()
        if not count:
            continue
        counts[_label(related)] = counts.get(_label(related), 0) + count
        if dry_run:
            continue
        if _fk_is_unique(related, field_name):
            # A row the kept record already has its own copy of stays on the merged record.
            for pk in rows.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        related._base_manager.filter(pk=pk).update(**{field_name: new})
                except IntegrityError:
                    counts[_label(related)] -= 1
        else:
            rows.update(**{field_name: new})
    return counts


def _partnership_fold(*, kept, duplicate, by) -> None:
    """Fold `duplicate` (same school) into `kept`: history, roadmap, journal move; it goes."""
    from partenariats.models import STATUS_RANK, Partnership, PartnershipStatusChange
    from partenariats.services import partnership_refresh_last_interaction

    _move_related(model=Partnership, old=duplicate, new=kept)
    changed = []
    if STATUS_RANK.get(duplicate.status, 0) > STATUS_RANK.get(kept.status, 0):
        PartnershipStatusChange.objects.create(
            partnership=kept,
            from_status=kept.status,
            to_status=duplicate.status,
            changed_by=by,
            comment="fusion de deux fiches de la même entreprise",
        )
        kept.status = duplicate.status
        changed.append("status")
    for name in ("teacher", "convention_signed_on", "convention_end", "convention_file"):
        if not getattr(kept, name) and getattr(duplicate, name):
            setattr(kept, name, getattr(duplicate, name))
            changed.append(name)
    if duplicate.notes:
        kept.notes = f"{kept.notes}\n\n{duplicate.notes}".strip()
        changed.append("notes")
    if changed:
        kept.save(update_fields=[*changed, "updated_at"])
    duplicate.delete()
    partnership_refresh_last_interaction(partnership=kept)


def _merge_check(kept: Company, removed: Company) -> None:
    if kept.pk == removed.pk:
        raise CompanyError("Choisissez deux fiches différentes.", code="merge_same")
    for company in (kept, removed):
        if company.merged_into_id:
            raise CompanyError(
                f"La fiche « {company.name} » a déjà été fusionnée dans une autre.",
                code="merge_already",
            )


def company_merge_preview(*, kept: Company, removed: Company) -> dict[str, int]:
    """What a merge of `removed` into `kept` would move, counted, without writing anything."""
    from partenariats.models import Partnership

    _merge_check(kept, removed)
    kept_schools = Partnership.objects.filter(company=kept).values("school_id")
    removed_partnerships = Partnership.objects.filter(company=removed)
    counts = _move_related(
        model=Company,
        old=removed,
        new=kept,
        skip_models={*_MERGE_SKIPPED_MODELS, Partnership},
        dry_run=True,
    )
    moved = removed_partnerships.exclude(school__in=kept_schools).count()
    folded = removed_partnerships.filter(school__in=kept_schools).count()
    if moved:
        counts["partenariats"] = moved
    if folded:
        counts["partenariats réunis avec ceux de la fiche conservée"] = folded
    return counts


@transaction.atomic
def company_merge(*, kept: Company, removed: Company, by=None) -> CompanyMerge:
    """Move everything that points at `removed` onto `kept`, mark `removed` merged, log it.

    The removed record is kept (marked `merged_into`) rather than deleted: its SIRET then leads
    to the kept record, old links still resolve, and rows that could not move stay attached.
    """
    from partenariats.models import Partnership

    kept = Company.objects.select_for_update().get(pk=kept.pk)
    removed = Company.objects.select_for_update().get(pk=removed.pk)
    _merge_check(kept, removed)

    moved_partnerships = folded = 0
    kept_by_school = {p.school_id: p for p in Partnership.objects.filter(company=kept)}
    for partnership in Partnership.objects.filter(company=removed).select_for_update():
        target = kept_by_school.get(partnership.school_id)
        if target is None:
            partnership.company = kept
            partnership.save(update_fields=["company", "updated_at"])
            moved_partnerships += 1
        else:
            _partnership_fold(kept=target, duplicate=partnership, by=by)
            folded += 1

    counts = _move_related(
        model=Company,
        old=removed,
        new=kept,
        skip_models={*_MERGE_SKIPPED_MODELS, Partnership},
    )
    if moved_partnerships:
        counts["partenariats"] = moved_partnerships
    if folded:
        counts["partenariats réunis avec ceux de la fiche conservée"] = folded

    # What the kept record lacks, the removed one may know.
    filled = []
    for name in ("naf_code", "size_band", "address", "postcode", "town", "website"):
        if not getattr(kept, name) and getattr(removed, name):
            setattr(kept, name, getattr(removed, name))
            filled.append(name)
    for name in ("label_cmq", "label_ptech", "public_listing"):
        if getattr(removed, name) and not getattr(kept, name):
            setattr(kept, name, True)
            filled.append(name)
    if kept.latitude is None and removed.latitude is not None:
        kept.latitude, kept.longitude = removed.latitude, removed.longitude
    kept.save()

    removed.merged_into = kept
    removed.public_listing = False
    removed.save(update_fields=["merged_into", "public_listing", "updated_at"])
    return CompanyMerge.objects.create(
        kept=kept,
        removed=removed,
        removed_siret=removed.siret,
        removed_name=removed.name,
        by=by,
        moved=counts,
    )


# ---------------------------------------------------------------------------- contacts (RGPD)


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
    for rel in _reverse_relations(Contact):
        if rel.related_model is ContactErasure:
            continue
        rows = rel.related_model._base_manager.filter(**{rel.field.name: contact})
        items = [str(row) for row in rows[:500]]
        if items:
            linked[_label(rel.related_model)] = items
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
            ContactErasure.objects.bulk_create(
                ContactErasure(contact_id=pk, company_id=company_id, reason=ErasureReason.INACTIVE)
                for pk, company_id in rows
            )
        total += len(rows)
