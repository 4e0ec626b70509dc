"""Which schools a company works with: the one question entreprises asks of partenariats.

A company enters a school's scope through a partnership, and partnerships live in
`partenariats`, one layer above entreprises (a Partnership points at its Company; layers in
pyproject). Yet the company's own manager must answer `Company.objects.for_user(user)` — every
scoped list, form choice and usage page of the portal asks it, whatever app it belongs to — and
the public directory shows a company's partner schools. So the question is declared here and
answered at start-up: `PartenariatsConfig.ready` registers the rows that link a company to a
school (`register_school_link`), the way it already connects the directory's cache. An
extension point rather than an import: entreprises never imports partenariats.

Without a registered link no company is in any school's scope (academy admins still see them
all) and the directory lists no partner school: a missing link hides, it never shows too much.
"""

from collections.abc import Callable

from django.db.models import Exists, OuterRef, QuerySet

from etablissements.models import School

# `rows(current=…)`: a queryset of rows with a `company` and a `school` foreign key; with
# current=True, only the links still running (a partnership not ended).
_link_rows: Callable[..., QuerySet] | None = None


def register_school_link(rows: Callable[..., QuerySet]) -> None:
    """Say which rows link a company to a school (called once, by partenariats)."""
    global _link_rows
    _link_rows = rows


def linked_to_schools(school_ids, *, current: bool = False) -> Exists | None:
    """The condition "this company (OuterRef pk) is linked to one of `school_ids`" (a list or a
    sub-query); None when no link is registered."""
    if _link_rows is None:
        return None
    return Exists(_link_rows(current=current).filter(company=OuterRef("pk"), school__in=school_ids))


def linked_company_ids(school_ids, *, current: bool = False, limit: int) -> list[int] | None:
    """The ids of the companies linked to one of `school_ids` (a list), at most `limit` of
    them, read through the links' school index; None when no link is registered."""
    if _link_rows is None:
        return None
    rows = _link_rows(current=current).filter(school__in=school_ids).order_by()
    return list(rows.values_list("company_id", flat=True).distinct()[:limit])


def schools_of(company, *, current: bool = True):
    """The schools `company` works with (a running link by default), by name."""
    if _link_rows is None:
        return School.objects.none()
    links = _link_rows(current=current).filter(company=company, school=OuterRef("pk"))
    return School.objects.filter(Exists(links)).order_by("name")
