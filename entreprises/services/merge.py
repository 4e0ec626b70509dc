"""Merging two company records: what moves, what folds, what is checked first."""

from django.db import IntegrityError, models, transaction

from ..models import (
    Company,
    CompanyMerge,
    ContactErasure,
)
from .companies import CompanyError

# Logs keep pointing at the record they describe.
_MERGE_SKIPPED_MODELS = {CompanyMerge, ContactErasure}


# The more advanced of two statuses wins when two partnerships with one school are merged.
STATUS_RANK = {"actif": 4, "en_sommeil": 3, "termine": 2, "prospect": 1}


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
    from partenariats.models import Partnership, PartnershipStatusChange
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
