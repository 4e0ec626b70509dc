"""The Wagtail site of each request, from the shared cache rather than the database.

Wagtail looks the site up for every request that routes to a page or builds a page's URL
(`Site.find_for_request`: a query with CASE annotations, then one for its root page). Sites
change almost never; a saved or deleted site bumps the navigation's version
(`home.navigation.nav_changed`), which is part of the key.
"""

from django.core.cache import cache
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import get_site_for_hostname

from home.navigation import NAV_VERSION

TIMEOUT = 3600
# The staff area looks the site up only on the page explorer's screens: left to Wagtail.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/api/")


def site_for(hostname: str, port: int) -> Site | None:
    key = f"site:{NAV_VERSION.current()}:{hostname}:{port}"
    cached = cache.get(key)
    if cached is not None:
        return cached[0]
    try:
        site = get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        site = None
    if site is not None:
        site.root_page  # noqa: B018 - loaded once, kept with the site
    cache.set(key, (site,), timeout=TIMEOUT)
    return site


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIPPED_PREFIXES):
            hostname = split_domain_port(request._get_raw_host())[0]
            # Read by Site.find_for_request, as Wagtail's own per-request memo.
            request._wagtail_site = site_for(hostname, request.get_port())
        return self.get_response(request)
