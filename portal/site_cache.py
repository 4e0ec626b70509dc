"""The Wagtail site of each request, from the shared cache rather than the database.

Wagtail looks the site up for every request that routes to a page or builds a page's URL
(`Site.find_for_request`: a query with CASE annotations, then one for its root page). Sites
change almost never: the cache keeps ONE entry, every site with its root page, under the
navigation's version (bumped by a site saved or deleted: `home.navigation.nav_changed`), and
the request's host is matched against it in memory, by Wagtail's own rules. So no host,
however many a client makes up, adds a key; and a host outside `ALLOWED_HOSTS` is not looked
up at all (Django answers 400 further on).
"""

from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.http.request import split_domain_port
from wagtail.models import Site

from home.navigation import NAV_VERSION, local_memo

TIMEOUT = 3600
# The staff area looks the site up only on the page explorer's screens: left to Wagtail.
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/healthz", "/api/")


def all_sites() -> list[Site]:
    """Every site, from this process's copy of the navigation's version, else the cache."""
    key = f"site:{NAV_VERSION.current()}:tous"

    def shared():
        sites = cache.get(key)
        if sites is None:
            sites = list(Site.objects.select_related("root_page"))
            cache.set(key, sites, timeout=TIMEOUT)
        return sites

    return local_memo(key, shared)


def match(sites: list[Site], hostname: str, port: int) -> Site | None:
    """wagtail.models.sites.get_site_for_hostname on a list: the site of this host and port,
    else of this host if it is the default one, else the default site unless exactly one
    other site has this host."""
    named = [s for s in sites if s.hostname == hostname]
    for site in named:
        if site.port == port:
            return site
    for site in named:
        if site.is_default_site:
            return site
    default = next((s for s in sites if s.is_default_site), None)
    if default is not None:
        return named[0] if len(named) == 1 else default
    return named[0] if len(named) == 1 else None


def site_for(hostname: str, port: int) -> Site | None:
    return match(all_sites(), hostname, port)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(SKIPPED_PREFIXES):
            try:
                host = request.get_host()  # checked against ALLOWED_HOSTS
            except DisallowedHost:
                return self.get_response(request)
            # Read by Site.find_for_request, as Wagtail's own per-request memo.
            request._wagtail_site = site_for(split_domain_port(host)[0], request.get_port())
        return self.get_response(request)
