"""Public pages served from the shared cache to visitors who carry no session.

A public page (a Wagtail page, the directory, a company's page, the tutors' calendar, the
specialisation requests, the open data) is the same for every anonymous visitor; rendering it
takes most of a request's time (DSFR templates). The rendered HTML is kept under a key made of
the code's release (`common.release`: a deploy never serves the old templates' HTML), today's
date (what is "to come" changes at midnight) and the full path with its query. The entry also
holds the versions it was rendered under, and is served only while they are current: the
version of the public data (`PUBLIC_VERSION`), bumped by any save or delete of the portal's
rows that a public page may show (a company, a school, a session, a page…), and the versions
that services bump after bulk writes (directory, calendar, navigation). The entry and the
versions are read in one round trip (`common.cache_versions.read_with`), the one every page
makes for its versions anyway: looking a page up costs no round trip of its own.

TIMEOUT bounds what a write outside the ORM's signals (a raw SQL fix) could leave stale.

Nothing personal is ever stored: a request is looked up only when it carries no cookie but
the CSRF one (no session: not signed in, no espace entreprise, no pending message), and a
response is kept only when it is a 200 HTML page of one of CACHED_VIEWS that sets no cookie
and will not (no CSRF token asked for, as a form does; no session written; no message added)
and used no CSP nonce.
What is stored is only what is likely to be read again, since a miss that is stored costs a
render AND a write of some 20 kB. A page without a query string is stored at its first visit.
A page with one is stored at its second visit (as nginx's `proxy_cache_min_uses 2`): the first
visit is remembered by the process (`FIRST_VISITS`, the last 4,096 addresses it was asked for:
no key in the shared cache, no round trip; with several processes, a page comes back to one
that saw it by its second or third visit), so varied traffic, which asks most addresses once,
costs neither a 20 kB write nor a marker's.
The variants are bounded in number per `PUBLIC_CACHE_SECONDS` window (a counter in the cache),
in two budgets of `PUBLIC_CACHE_VARIANTS` each so that odd addresses never crowd out
the common ones: the first pages (`FIRST_PAGES`) of a list filtered by its choices alone
(`CHOICE_PARAMS`: a sector, a département, a label, a month) and a company's page, which other
visitors ask for too; and the rest (a typed word, page 37). A query string that is long or
repeats a parameter is neither looked up nor stored. So a flood of made-up URLs stores a
bounded number of keys whatever it tries.

`PUBLIC_CACHE_SECONDS=0` turns it off (bench/http.py measures both).
"""

import hashlib
import re
import threading

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import has_vary_header

from common.cache_budget import CacheBudget
from common.cache_versions import CacheVersion, read_with
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
MAX_QUERY = 200  # characters: longer query strings are no page's own links
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
    """The page's key: the code's release, today's date and the full path. The versions are
    kept in the entry and compared when it is read (`PublicPageCacheMiddleware`), read with the
    request's own versions in one round trip; a page stored again replaces its old entry."""
    today = f"{timezone.localdate():%Y%m%d}"
    raw = "|".join([release(), today, request.get_full_path()])
    return "site-public:" + hashlib.sha256(raw.encode()).hexdigest()


def current_versions() -> tuple[int, ...]:
    return tuple(version.current() for version in VERSIONS)


class FirstVisits:
    """The addresses this process was asked for lately (their keys), the oldest forgotten first:
    bounded, and kept out of the shared cache, which a flood of addresses cannot fill so."""

    def __init__(self, size: int):
        self.size = size
        self._keys: dict[str, None] = {}
        self._lock = threading.Lock()

    def first(self, key: str) -> bool:
        """True the first time `key` is seen (since it was forgotten), and remembers it."""
        with self._lock:
            if key in self._keys:
                return False
            self._keys[key] = None
            if len(self._keys) > self.size:
                del self._keys[next(iter(self._keys))]
            return True

    def clear(self) -> None:
        with self._lock:
            self._keys.clear()


FIRST_VISITS = FirstVisits(4096)


def well_formed(request) -> bool:
    """No query string, or a short one naming each parameter once: what a page's own links and
    forms make (the rest is not looked up)."""
    query = request.META.get("QUERY_STRING", "")
    return not query or (
        len(query) <= MAX_QUERY and all(len(values) == 1 for _, values in request.GET.lists())
    )


def common_list(request) -> bool:
    """A first page of a list filtered by its choices alone: other visitors ask for it too."""
    for name, value in request.GET.items():
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
        and well_formed(request)
    )


def variants_budget() -> int:
    return getattr(settings, "PUBLIC_CACHE_VARIANTS", 300)


VARIANTS = CacheBudget("site-public", size=variants_budget, seconds=timeout)
RARE_VARIANTS = CacheBudget("site-public-rare", size=variants_budget, seconds=timeout)


def budget(request) -> CacheBudget | None:
    """The budget a page is stored under; None: stored freely (a page without a query)."""
    if request.META.get("QUERY_STRING"):
        return VARIANTS if common_list(request) else RARE_VARIANTS
    return VARIANTS if request.resolver_match.view_name in BUDGETED_VIEWS else None


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


class PublicPageLookupMiddleware:
    """Just inside `VersionsMiddleware`: reads the page's entry in the round trip of the
    request's versions, before anything else reads one. It serves nothing:
    `PublicPageCacheMiddleware`, innermost, does."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if timeout() and request_cacheable(request):
            key = cache_key(request)
            request.public_page = (key, read_with([key]).get(key))
        return self.get_response(request)


class PublicPageCacheMiddleware:
    """Last in MIDDLEWARE: on a hit, every other middleware still adds its headers (CSP,
    security, frame options) to the response, as for a rendered page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        looked_up = getattr(request, "public_page", None)
        if looked_up is None:
            return self.get_response(request)
        key, stored = looked_up
        if stored is not None and stored[0] == current_versions():
            response = HttpResponse(stored[1], content_type=stored[2])
            response["X-Portal-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if not response_cacheable(request, response):
            return response
        # A page with a query is stored the second time it is asked for: varied traffic asks
        # most of them once only.
        if request.META.get("QUERY_STRING") and FIRST_VISITS.first(key):
            response["X-Portal-Cache"] = "vu"
        elif (kept := budget(request)) is None or kept.allows():
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            entry = (current_versions(), response.content, response["Content-Type"])
            cache.set(key, entry, timeout=timeout())
            response["X-Portal-Cache"] = "miss"
        return response
