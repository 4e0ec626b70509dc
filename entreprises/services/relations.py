"""The rows that point at a record, found by introspection whatever app they belong to: what a
person's data export lists, and what a merge of two company records moves
(partenariats.services.company_merge)."""

from django.db import IntegrityError, models, transaction


def reverse_relations(model):
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


def relation_label(model) -> str:
    return str(model._meta.verbose_name_plural)


@transaction.atomic
def move_related(*, model, old, new, skip_models=(), dry_run=False) -> dict[str, int]:
    """Point every row that refers to `old` at `new`; returns {verbose_name_plural: count}.
    With dry_run, only counts."""
    counts: dict[str, int] = {}
    for rel in reverse_relations(model):
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
                counts[relation_label(related)] = counts.get(relation_label(related), 0) + count
            continue
        field_name = rel.field.name
        rows = related._base_manager.filter(**{field_name: old})
        count = rows.count()
        if not count:
            continue
        counts[relation_label(related)] = counts.get(relation_label(related), 0) + count
        if dry_run:
            continue
        if _fk_is_unique(related, field_name):
            # A row the kept record already has its own copy of stays on the merged record.
            for pk in rows.values_list("pk", flat=True):
                try:
                    with transaction.atomic():
                        related._base_manager.filter(pk=pk).update(**{field_name: new})
                except IntegrityError:
                    counts[relation_label(related)] -= 1
        else:
            rows.update(**{field_name: new})
    return counts
