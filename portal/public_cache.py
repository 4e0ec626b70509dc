"""Public pages served from the shared cache to visitors who carry no session.

A public page (a Wagtail page, the directory, a company's page, the tutors' calendar, the
specialisation requests, the open data) is the same for every anonymous visitor; rendering it
takes most of a request's time (DSFR templates). The rendered HTML is kept under a key made of:

- the code's release (`common.release`): a deploy never serves the old templates' HTML;
- the version of the public data (`PUBLIC_VERSION`), bumped by any save or delete of the
  portal's rows that a public page may show (a company, a school, a session, a page…), and the
  versions that services bump after bulk writes (directory, calendar, navigation);
- today's date (what is "to come" changes at midnight) and the full path with its query.

TIMEOUT bounds what a write outside the ORM's signals (a raw SQL fix) could leave stale.

Nothing personal is ever stored: a request is looked up only when it carries no cookie but
the CSRF one (no session: not signed in, no espace entreprise, no pending message), and a
response is kept only when it is a 200 HTML page of one of CACHED_VIEWS that sets no cookie
and will not (no CSRF token asked for, as a form does; no session written; no message added)
and used no CSP nonce.
What is stored is only what is likely to be read again, since a miss that is stored costs a
render AND a write of some 20 kB: a page without a query string, and the first pages
(`FIRST_PAGES`) of a list filtered by its choices alone (`CHOICE_PARAMS`: a sector, a
département, a label, a month). Any other URL (a typed word, page 37) is neither looked up nor
stored. A filtered list is stored the second time it is asked for (the first leaves a small
marker): a list asked once, as most are in varied traffic, costs no 20 kB write. The variants
(filtered lists, a company's page) are also bounded in number: at most
`PUBLIC_CACHE_VARIANTS` stored per `PUBLIC_CACHE_SECONDS` window (a counter in the cache), so
that a flood of made-up URLs stores a bounded number of keys whatever it tries.

`PUBLIC_CACHE_SECONDS=0` turns it off (bench/http.py measures both).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header

from common.cache_budget import CacheBudget
from common.cache_versions import CacheVersion
from common.release import release
from entreprises.directory import VERSION as DIRECTORY_VERSION
from formations.calendar_cache import VERSION as CALENDAR_VERSION
from home.navigation import NAV_VERSION

PUBLIC_VERSION = CacheVersion("site-public:version")
VERSIONS = (PUBLIC_VERSION, DIRECTORY_VERSION, CALENDAR_VERSION, NAV_VERSION)
CACHED_VIEWS = {
    "wagtail_serve",
    "entreprises:directory",
    "entreprises:detail",
    "formations:calendar",
    "offres:specialisation_list",
    "opendata:index",
}
# Pages stored only within the variants' budget (one per row: not read again often).
BUDGETED_VIEWS = {"entreprises:detail"}
# Filters that take one of a few values (a select): the lists they give are read again.
CHOICE_PARAMS = {"naf_section", "departement", "label", "month"}
FIRST_PAGES = 3
CHOICE_VALUE = re.compile(r"[\w-]{1,12}")
ALLOWED_COOKIES = {settings.CSRF_COOKIE_NAME}
SKIPPED_PREFIXES = ("/admin/", "/static/", "/media/", "/documents/", "/api/", "/healthz")
# Saves that no public page shows (and that happen all day): they leave the cache alone.
QUIET_APPS = {
    "admin", "auth", "axes", "contenttypes", "sessions", "django_celery_beat", "courriels",
    "rappels", "pacte", "wagtailadmin", "wagtailsearch", "wagtailusers", "taggit",
}  # fmt: skip


def public_changed(sender, **kwargs) -> None:
    """Signal receiver (any post_save / post_delete): the public pages may show that row."""
    if sender._meta.app_label not in QUIET_APPS:
        PUBLIC_VERSION.changed()


def connect_signals() -> None:
    for signal in (post_save, post_delete):
        signal.connect(public_changed, dispatch_uid=f"site-public-{id(signal)}")


def timeout() -> int:
    return int(getattr(settings, "PUBLIC_CACHE_SECONDS", 0))


def cache_key(request) -> str:
    # One round trip for every version (common.cache_versions: read once per request).
    versions = [str(v.current()) for v in VERSIONS]
    today = f"{timezone.localdate():%Y%m%d}"
    raw = "|".join([release(), *versions, today, request.get_full_path()])
    return "site-public:" + hashlib.sha256(raw.encode()).hexdigest()


def likely_read_again(request) -> bool:
    """No query string, or a first page of a list filtered by its choices alone."""
    if not request.META.get("QUERY_STRING"):
        return True
    for name, values in request.GET.lists():
        if len(values) != 1:
            return False
        value = values[0]
        if name == "page":
            if not value.isdigit() or not 1 <= int(value) <= FIRST_PAGES:
                return False
        elif name not in CHOICE_PARAMS or not CHOICE_VALUE.fullmatch(value):
            return False
    return True


def request_cacheable(request) -> bool:
    return (
        request.method == "GET"
        and not request.path.startswith(SKIPPED_PREFIXES)
        and set(request.COOKIES) <= ALLOWED_COOKIES
        and likely_read_again(request)
    )


def is_variant(request) -> bool:
    match = request.resolver_match
    return bool(request.META.get("QUERY_STRING")) or match.view_name in BUDGETED_VIEWS


VARIANTS = CacheBudget(
    "site-public",
    size=lambda: getattr(settings, "PUBLIC_CACHE_VARIANTS", 300),
    seconds=timeout,
)


# The first-time markers: tiny, but bounded as well (four per variant of the budget).
SEEN = CacheBudget(
    "site-public-vu",
    size=lambda: 4 * getattr(settings, "PUBLIC_CACHE_VARIANTS", 300),
    seconds=timeout,
)


def response_cacheable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    return (
        match is not None
        and match.view_name in CACHED_VIEWS
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and response.get("Content-Type", "").startswith("text/html")
        and not has_vary_header(response, "Cookie")
        and "private" not in response.get("Cache-Control", "")
        # What the outer middleware would turn into a cookie or a nonce, after this one.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(getattr(request, "session", None), "modified", False)
        and not getattr(getattr(request, "_messages", None), "added_new", False)
        and not isinstance(getattr(request, "_csp_nonce", None), str)
    )


class PublicPageCacheMiddleware:
    """Last in MIDDLEWARE: on a hit, every other middleware still adds its headers (CSP,
    security, frame options) to the response, as for a rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = timeout()
        if not seconds or not request_cacheable(request):
            return self.get_response(request)
        key = cache_key(request)
        # A filtered list is stored the second time it is asked for (a small marker the first
        # time, itself under a budget): varied traffic asks most of them once only.
        seen_key = f"{key}:vu" if request.META.get("QUERY_STRING") else None
        found = cache.get_many([key, seen_key] if seen_key else [key])
        stored = found.get(key)
        if stored is not None:
            content, content_type = stored
            response = HttpResponse(content, content_type=content_type)
            response["X-Portal-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not response_cacheable(request, response):
            return response
        if seen_key and seen_key not in found:
            if SEEN.allows():
                cache.add(seen_key, 1, timeout=seconds)
            response["X-Portal-Cache"] = "vu"
        elif not is_variant(request) or VARIANTS.allows():
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            cache.set(key, (response.content, response["Content-Type"]), timeout=seconds)
            response["X-Portal-Cache"] = "miss"
        return response
