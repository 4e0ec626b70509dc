"""bench/http.py's URLs: the portal's, plus a plain Django list of the same companies
(Paginator and a minimal template, no DSFR): the yardstick every public page is compared to."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path

from entreprises.models import Company
from portal.urls import *  # noqa: F403  (the error handlers come along)
from portal.urls import urlpatterns as portal_urlpatterns


def plain_list(request):
    queryset = Company.objects.filter(public_listing=True, merged_into__isnull=True)
    page = Paginator(queryset.order_by("name", "pk"), 20).get_page(request.GET.get("page"))
    return render(request, "bench_plain_list.html", {"page": page})


urlpatterns = [path("bench/plain/", plain_list), *portal_urlpatterns]
