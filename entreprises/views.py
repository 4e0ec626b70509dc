"""Public directory of partner companies: only those that opted in, and nothing personal."""

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from .filters import PublicCompanyFilterSet
from .models import Company

PER_PAGE = 20


def public_companies():
    return Company.objects.publicly_listed()


def directory(request):
    filterset = PublicCompanyFilterSet(request.GET or None, queryset=public_companies())
    queryset = filterset.qs if filterset.is_bound else public_companies()
    paginator = Paginator(queryset.order_by("name", "pk"), PER_PAGE)
    page_obj = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "entreprises/directory.html",
        {"filter": filterset, "page_obj": page_obj, "companies": page_obj.object_list},
    )


def company_detail(request, pk):
    from partenariats.models import Partnership

    company = get_object_or_404(public_companies(), pk=pk)
    schools = [
        p.school
        for p in Partnership.objects.filter(company=company)
        .exclude(status="termine")
        .select_related("school")
        .order_by("school__name")
    ]
    return render(
        request, "entreprises/company_detail.html", {"company": company, "schools": schools}
    )
