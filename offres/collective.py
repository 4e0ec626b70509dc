"""A specialisation request's figures as everyone reads them: the requesting company and those
that joined it (neither withdrawn nor refused), and the hires they announced together. The public
list, the join page, the académie's pipeline and its XLSX all read these, so a figure shown twice
agrees."""

from django.db.models import Prefetch

from .models import Submission


def with_collective_figures(requests):
    """Prefetch what `collective_companies` and `collective_hires` read (no query per row)."""
    return requests.select_related("company").prefetch_related(
        Prefetch(
            "joined_by",
            Submission.objects.counted_joins()
            .select_related("company")
            .order_by("created_at", "pk"),
            to_attr="counted_joined_by",
        )
    )


def hires(submission: Submission) -> int:
    """The hires one company announced, 0 when not given."""
    try:
        return int((submission.details or {}).get("hires") or 0)
    except (TypeError, ValueError):
        return 0


def _counted_joins(request: Submission) -> list[Submission]:
    joins = getattr(request, "counted_joined_by", None)
    if joins is None:
        joins = list(
            Submission.objects.counted_joins()
            .filter(joins=request)
            .select_related("company")
            .order_by("created_at", "pk")
        )
        request.counted_joined_by = joins
    return joins


def collective_companies(request: Submission) -> list:
    """The requesting company first, then those that joined it and still count."""
    return [request.company] + [j.company for j in _counted_joins(request)]


def collective_hires(request: Submission) -> int:
    """Hires announced by the requesting company and every company that joined it."""
    return hires(request) + sum(hires(j) for j in _counted_joins(request))
