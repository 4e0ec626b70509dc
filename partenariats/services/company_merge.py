"""Merging two company records: what moves, what folds, what is checked first.

Here, in partenariats, because a merge is first a matter of partnerships: those of the removed
record move to the kept one, or fold into the kept record's partnership with the same school
(history, roadmap and journal with them). Every other row that points at the removed record
moves by introspection, whatever app it belongs to.
"""

from django.db import transaction

from entreprises.models import Company, CompanyMerge, ContactErasure
from entreprises.services import CompanyError
from entreprises.services.relations import move_related
from entreprises.wording import PARTNERSHIPS_FOLDED, PARTNERSHIPS_MOVED

from ..models import STATUS_RANK, Partnership, PartnershipStatusChange
from .companies import company_other_schools, company_record_editable
from .partnerships import partnership_refresh_last_interaction

# Logs keep pointing at the record they describe.
_MERGE_SKIPPED_MODELS = {CompanyMerge, ContactErasure}


def _merge_comment(removed: Company, kept: Company) -> str:
    return (
        f"fusion : la fiche « {removed.name} » (SIRET {removed.siret}) est réunie dans "
        f"« {kept.name} »"
    )[:300]


def _record_merge(*, partnership, from_status: str, removed, kept, by) -> None:
    """The merge is the latest line of the partnership's status history, with the status it
    leaves: history moved from the other record never reads as the current status."""
    PartnershipStatusChange.objects.create(
        partnership=partnership,
        from_status=from_status,
        to_status=partnership.status,
        changed_by=by,
        comment=_merge_comment(removed, kept),
    )


def _partnership_fold(*, kept, duplicate, by, removed_company, kept_company) -> None:
    """Fold `duplicate` (same school) into `kept`: history, roadmap, journal move; it goes.
    The moved history lines say they were the other record's; the merge is recorded last."""
    for change in PartnershipStatusChange.objects.filter(partnership=duplicate):
        note = f"fiche « {removed_company.name} », avant la fusion"
        change.comment = (f"{change.comment} — {note}" if change.comment else note)[:300]
        change.save(update_fields=["comment"])
    move_related(model=Partnership, old=duplicate, new=kept)
    changed = []
    before = kept.status
    if STATUS_RANK.get(duplicate.status, 0) > STATUS_RANK.get(kept.status, 0):
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
    _record_merge(
        partnership=kept, from_status=before, removed=removed_company, kept=kept_company, by=by
    )
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


SHARED_MERGE = (
    "La fiche « {name} » est partagée avec {others} : seule l’administration académique peut "
    "la fusionner. Signalez le doublon à l’administration académique."
)


def _shared_check(kept: Company, removed: Company, by) -> None:
    """A merge rewrites both records: the rule of an edit (`company_record_editable`) holds for
    each, so a school cannot merge away a company another school partners with. Without `by`
    (a command, the system), no user to check."""
    if by is None:
        return
    for company in (removed, kept):
        if not company_record_editable(company=company, user=by):
            others = ", ".join(company_other_schools(company=company, user=by))
            raise CompanyError(
                SHARED_MERGE.format(name=company.name, others=others), code="shared_record"
            )


def company_merge_preview(*, kept: Company, removed: Company, by=None) -> dict[str, int]:
    """What a merge of `removed` into `kept` would move, counted, without writing anything."""
    _merge_check(kept, removed)
    _shared_check(kept, removed, by)
    kept_schools = Partnership.objects.filter(company=kept).values("school_id")
    removed_partnerships = Partnership.objects.filter(company=removed)
    counts = move_related(
        model=Company,
        old=removed,
        new=kept,
        skip_models={*_MERGE_SKIPPED_MODELS, Partnership},
        dry_run=True,
    )
    moved = removed_partnerships.exclude(school__in=kept_schools).count()
    folded = removed_partnerships.filter(school__in=kept_schools).count()
    if moved:
        counts[PARTNERSHIPS_MOVED] = moved
    if folded:
        counts[PARTNERSHIPS_FOLDED] = folded
    return counts


@transaction.atomic
def company_merge(*, kept: Company, removed: Company, by=None) -> CompanyMerge:
    """Move everything that points at `removed` onto `kept`, mark `removed` merged, log it.

    The removed record is kept (marked `merged_into`) rather than deleted: its SIRET then leads
    to the kept record, old links still resolve, and rows that could not move stay attached.
    """
    kept = Company.objects.select_for_update().get(pk=kept.pk)
    removed = Company.objects.select_for_update().get(pk=removed.pk)
    _merge_check(kept, removed)
    _shared_check(kept, removed, by)

    moved_partnerships = folded = 0
    kept_by_school = {p.school_id: p for p in Partnership.objects.filter(company=kept)}
    for partnership in Partnership.objects.filter(company=removed).select_for_update():
        target = kept_by_school.get(partnership.school_id)
        if target is None:
            partnership.company = kept
            partnership.save(update_fields=["company", "updated_at"])
            _record_merge(
                partnership=partnership,
                from_status=partnership.status,
                removed=removed,
                kept=kept,
                by=by,
            )
            moved_partnerships += 1
        else:
            _partnership_fold(
                kept=target,
                duplicate=partnership,
                by=by,
                removed_company=removed,
                kept_company=kept,
            )
            folded += 1

    counts = move_related(
        model=Company,
        old=removed,
        new=kept,
        skip_models={*_MERGE_SKIPPED_MODELS, Partnership},
    )
    if moved_partnerships:
        counts[PARTNERSHIPS_MOVED] = moved_partnerships
    if folded:
        counts[PARTNERSHIPS_FOLDED] = folded

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
        kept.position_precision = removed.position_precision
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
