"""The public list of specialisations, and joining one."""

from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.links import url_maker
from entreprises.models import Company
from etablissements.models import School

from ..collective import collective_companies, collective_hires, with_collective_figures
from ..forms import (
    submission_form_class,
)
from ..kinds import KINDS
from ..models import Submission, SubmissionKind, SubmissionSchool
from .limits import _error_page, _rate_limited, _too_large
from .submission import PAGE_SIZE, _submit


def specialisation_list(request):
    """Open specialisation-course requests, without any personal data."""
    # Only this page's rows get their joined companies (prefetched after pagination): no GROUP BY
    # over every open request.
    # The requesting company too, by its key: joined in the page's query, at national size
    # PostgreSQL read the 100,000 companies to sort 3,000 requests (50 ms a page).
    queryset = (
        with_collective_figures(
            Submission.objects.open_specialisation_requests().only(
                "pk", "details", "created_at", "company_id"
            )
        )
        .select_related(None)
        .prefetch_related(Prefetch("company", Company.objects.only("pk", "town")))
        .order_by("-created_at", "-pk")
    )
    metier = (request.GET.get("metier") or "").strip()[:120]
    ville = (request.GET.get("ville") or "").strip()[:120]
    if metier:
        queryset = queryset.filter(details__trade__icontains=metier)
    if ville:
        # The start of the town, as the directory's « Commune »: an index range, not a scan.
        queryset = queryset.filter(company__town__istartswith=ville)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    course_types = dict(
        KINDS[SubmissionKind.SPECIALISATION].form_class.base_fields["course_type"].choices
    )
    join_url = url_maker("offres:specialisation_join")
    rows = [
        {
            "join_url": join_url(s.pk),
            "trade": s.details.get("trade", ""),
            "course_type": course_types.get(s.details.get("course_type"), ""),
            "town": s.company.town,
            "hires": collective_hires(s),
            "companies": len(collective_companies(s)),
        }
        for s in page_obj
    ]
    return render(
        request,
        "offres/specialisation_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "metier": metier,
            "ville": ville,
            "title": "Demandes d’ouverture de formation en cours",
        },
    )


@require_http_methods(["GET", "POST"])
def specialisation_join(request, pk: int):
    original = get_object_or_404(
        Submission.objects.open_specialisation_requests().select_related("company"), pk=pk
    )
    schools = School.objects.filter(
        pk__in=SubmissionSchool.objects.filter(submission=original).values("school")
    ).order_by("name")
    form_class = submission_form_class(SubmissionKind.SPECIALISATION)
    context = {
        "original": original,
        "companies": len(collective_companies(original)),
        "hires": collective_hires(original),
        "title": "Rejoindre une demande d’ouverture de formation",
    }
    initial = {
        "trade": original.details.get("trade", ""),
        "course_type": original.details.get("course_type"),
    }
    if request.method == "POST":
        if _too_large(request):
            return _error_page(request, "Proposition trop longue", "Raccourcissez les textes.", 413)
        form = form_class(request.POST, schools=schools)
        if _rate_limited(request, "offres-join"):
            form.is_valid()
            context.update(form=form, rate_limited=True)
            return render(request, "offres/specialisation_join.html", context, status=429)
        if form.is_spam:
            return redirect("offres:thanks", slug=KINDS[SubmissionKind.SPECIALISATION].slug)
        if form.is_valid() and _submit(form, SubmissionKind.SPECIALISATION, joins=original):
            thanks = reverse(
                "offres:thanks", kwargs={"slug": KINDS[SubmissionKind.SPECIALISATION].slug}
            )
            return redirect(f"{thanks}?rejointe={original.pk}")
    else:
        form = form_class(schools=schools, initial={**initial, "schools": list(schools)})
    context["form"] = form
    return render(request, "offres/specialisation_join.html", context)
