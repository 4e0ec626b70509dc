"""What a visitor finds their way with: the header's menu, the breadcrumb, the footer, the plan.

The menu is the Wagtail page tree (children of the home page with "Afficher dans les menus",
each under the audience of its `menu_section`) plus the public Django views of each audience;
the breadcrumb of a Django view comes from `TRAILS`, that of a Wagtail page from its ancestors.
"""

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db.models import F, Q
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page, Site

from common.cache_versions import CacheVersion
from offres.pages import WaysIndexPage

from .models import AccessibilityPage, Compliance, MenuSection, SitePlanPage


@dataclass
class Link:
    title: str
    url: str
    current: bool = False


@dataclass
class Section:
    key: str
    title: str
    links: list[Link] = field(default_factory=list)

    @property
    def current(self) -> bool:
        return any(link.current for link in self.links)


# The public Django views of each audience, after the pages of the tree in that audience.
SECTION_VIEWS = {
    MenuSection.COMPANIES: [
        ("offres:specialisation_list", "Demandes d’ouverture de formation à rejoindre"),
        ("entreprises:directory", "Annuaire des entreprises partenaires"),
        ("offres:link_request", "Retrouver mon espace entreprise"),
    ],
    MenuSection.TUTORS: [
        ("formations:calendar", "Calendrier des formations des tuteurs"),
    ],
    MenuSection.SCHOOLS: [
        ("wagtailadmin_home", "Espace des établissements (connexion du personnel)"),
    ],
}
OPEN_DATA_TITLE = "Données ouvertes"


def _root(request) -> Page | None:
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
    return site.root_page if site else None


@dataclass(frozen=True)
class NavPage:
    """What the menu, the footer and the breadcrumbs need of a page: plain values, cached."""

    title: str
    url: str
    in_menu: bool
    section: str
    in_footer: bool
    compliance: str
    kind: str  # "plan", "accessibility", "ways" or ""


NAV_VERSION = CacheVersion("navigation:version")
NAV_TIMEOUT = 3600
# This process's copy of the latest version's menu pages (and rendered menus, portal_nav): the
# version is read once per request anyway (common.cache_versions), so a request whose version
# this process already holds makes no round trip for its menu. A new version empties it.
LOCAL: dict = {}


def local_memo(key: str, build):
    """`build()` once per process and per version of the navigation for `key`."""
    version = NAV_VERSION.current()
    if LOCAL.get("version") != version:
        LOCAL.clear()
        LOCAL["version"] = version
    if key not in LOCAL:
        LOCAL[key] = build()
    return LOCAL[key]


def nav_changed(**kwargs) -> None:
    """Signal receiver (a page saved, published, unpublished, moved or deleted, a site saved):
    the cached menu and footer are rebuilt on the next request."""
    if not isinstance(kwargs.get("instance"), Page | Site):
        return
    NAV_VERSION.changed()


def _nav_pages(request) -> list[NavPage]:
    """The home page's children that the menu, the footer or a breadcrumb needs, from the cache
    (key: the site and the tree's version), else in ONE query, memoised on the request."""
    cached = getattr(request, "_portal_nav_pages", None)
    if cached is not None:
        return cached
    root = _root(request)
    pages: list[NavPage] = []
    if root is not None:
        key = f"navigation:{NAV_VERSION.current()}:{root.pk}"

        def shared():
            found = cache.get(key)
            if found is None:
                found = _build_nav_pages(root, request)
                cache.set(key, found, timeout=NAV_TIMEOUT)
            return found

        pages = local_memo(key, shared)
    if request is not None:
        request._portal_nav_pages = pages
    return pages


def _build_nav_pages(root: Page, request) -> list[NavPage]:

    types = ContentType.objects.get_for_models(AccessibilityPage, SitePlanPage, WaysIndexPage)
    kinds = {types[SitePlanPage]: "plan", types[AccessibilityPage]: "accessibility"}
    kinds[types[WaysIndexPage]] = "ways"
    pages = (
        Page.objects.child_of(root)
        .live()
        .filter(
            Q(show_in_menus=True)
            | Q(contentpage__in_footer=True)
            | Q(content_type__in=types.values())
        )
        .annotate(
            nav_section=F("contentpage__menu_section"),
            nav_footer=F("contentpage__in_footer"),
            nav_compliance=F("accessibilitypage__compliance"),
        )
        .order_by("path")
    )
    return [
        NavPage(
            title=page.title,
            url=page.get_url(request=request) or "",
            in_menu=page.show_in_menus,
            section=page.nav_section or getattr(page.specific_class, "menu_section", ""),
            in_footer=bool(page.nav_footer),
            compliance=page.nav_compliance or "",
            kind=next((k for t, k in kinds.items() if t.pk == page.content_type_id), ""),
        )
        for page in pages
    ]


def _is_current(request, url: str) -> bool:
    path = getattr(request, "path", "")
    return bool(url) and url != "/" and (path == url or path.startswith(url))


def main_menu(request) -> tuple[list[Section], list[Link]]:
    """The header's sections (one per audience) and the pages that stand on their own."""
    sections = {key: Section(key=key, title=label) for key, label in MenuSection.choices}
    standalone: list[Link] = []
    for page in _nav_pages(request):
        if not page.in_menu:
            continue
        link = Link(page.title, page.url, _is_current(request, page.url))
        section = page.section
        (sections[section].links if section in sections else standalone).append(link)
    for key, views in SECTION_VIEWS.items():
        for name, title in views:
            url = reverse(name)
            sections[key].links.append(Link(title, url, _is_current(request, url)))
    return [s for s in sections.values() if s.links], standalone


def footer_links(request) -> list[Link]:
    """The footer's mandatory pages: plan, accessibility (with its status), then the others."""
    plan, accessibility, others = [], [], []
    for page in _nav_pages(request):
        url = page.url
        if page.kind == "plan":
            plan.append(Link(page.title, url))
        elif page.kind == "accessibility":
            status = Compliance(page.compliance).label if page.compliance else ""
            accessibility.append(Link(f"Accessibilité : {status}", url))
        elif page.in_footer:
            others.append(Link(page.title, url))
    open_data = [Link(OPEN_DATA_TITLE, reverse("opendata:index"))]
    return plan + accessibility + others + open_data


# Breadcrumbs of the Django views ------------------------------------------------------------


def _ways(context, request):
    for page in _nav_pages(request):
        if page.kind == "ways":
            return Link(page.title, page.url)
    return None


def _way(context, request):
    way = context.get("way")
    return Link(way.title, way.get_url(request=request)) if way else None


def _view(name: str, title: str):
    return lambda context, request: Link(title, reverse(name))


def _espace(context, request):
    token = context.get("token")
    if not token:
        return None
    return Link("Mon espace entreprise", reverse("offres:espace", kwargs={"token": token}))


_calendar = _view("formations:calendar", "Formations des tuteurs")
_staff_trainings = _view("formations:staff_trainings", "Formations des tuteurs de mon lycée")
_directory = _view("entreprises:directory", "Entreprises partenaires")
_requests = _view("offres:specialisation_list", "Demandes d’ouverture de formation")

# view name → (parents, the current page's title when the view gives none)
TRAILS = {
    "offres:submit": ([_ways, _way], "Formulaire"),
    "offres:thanks": ([_ways], "Proposition envoyée"),
    "offres:specialisation_list": ([_ways], "Demandes d’ouverture de formation"),
    "offres:specialisation_join": ([_ways, _requests], "Rejoindre une demande"),
    "offres:link_request": ([_ways], "Recevoir un nouveau lien"),
    "offres:espace": ([], "Mon espace entreprise"),
    "offres:espace_edit": ([_espace], "Modifier ma proposition"),
    "offres:espace_withdraw": ([_espace], "Retirer ma proposition"),
    "offres:espace_limits": ([_espace], "Pause et limites"),
    "offres:espace_colleague": ([_espace], "Ajouter un collègue"),
    "offres:espace_unsubscribe": ([_espace], "Ne plus recevoir de courriels"),
    "entreprises:directory": ([], "Entreprises partenaires"),
    "entreprises:detail": ([_directory], "Entreprise"),
    "formations:calendar": ([], "Formations des tuteurs"),
    "formations:training_detail": ([_calendar], "Session"),
    "formations:registration_cancel": ([_calendar], "Annuler une inscription"),
    "formations:feedback": ([_calendar], "Votre avis sur la formation"),
    "formations:checkin": ([], "Point mensuel de mentorat"),
    "formations:rsvp": ([], "Réponse à une invitation"),
    "formations:staff_trainings": ([], "Formations des tuteurs de mon lycée"),
    "formations:attendance_sheet": ([_staff_trainings], "Feuille de présence"),
    "rappels:desabonnement": ([], "Se désabonner des rappels"),
}
CURRENT_FROM_CONTEXT = {
    "entreprises:detail": lambda c: getattr(c.get("company"), "name", None),
    "formations:training_detail": lambda c: getattr(c.get("training"), "title", None),
    "formations:attendance_sheet": lambda c: getattr(c.get("training"), "title", None),
}


def breadcrumb(context) -> dict | None:
    """django-dsfr's breadcrumb data for this page, None on the home page."""
    request = context.get("request")
    page = context.get("page")
    if isinstance(page, Page):
        if page.depth <= 2:
            return None

        def trail():
            ancestors = page.get_ancestors().filter(depth__gt=2)
            return [{"url": a.get_url(request=request), "title": a.title} for a in ancestors]

        # A page saved, moved or published bumps the navigation's version: kept per process.
        site = getattr(request, "_wagtail_site", None)
        links = local_memo(f"fil:{getattr(site, 'pk', '')}:{page.pk}", trail)
        return {"links": links, "current": page.title}
    match = getattr(request, "resolver_match", None)
    name = match.view_name if match else ""
    if name == "wagtail_serve" and getattr(request, "path", "/") == "/":
        return None
    parents, default = TRAILS.get(name, ([], None))
    current = CURRENT_FROM_CONTEXT.get(name, lambda c: None)(context)
    current = current or context.get("breadcrumb_current") or default or context.get("title")
    links = [link for link in (parent(context, request) for parent in parents) if link]
    return {
        "links": [{"url": link.url, "title": link.title} for link in links],
        "current": current or "Page",
    }


# Plan du site -------------------------------------------------------------------------------


def _tree(pages, parent_path: str, request) -> list[dict]:
    children = [
        p for p in pages if p.path.startswith(parent_path) and len(p.path) == len(parent_path) + 4
    ]
    return [
        {
            "title": page.title,
            "url": page.get_url(request=request),
            "children": _tree(pages, page.path, request),
        }
        for page in children
    ]


def site_plan(request) -> list[dict]:
    """Every live public page of the tree, nested, then the public views by audience."""
    root = _root(request)
    plan: list[dict] = []
    if root is not None:
        pages = list(
            Page.objects.descendant_of(root)
            .live()
            .public()
            .order_by("path")
            .only("path", "depth", "title", "url_path", "slug")
        )
        plan.append({"title": root.title, "url": root.get_url(request=request), "children": []})
        plan[0]["children"] = _tree(pages, root.path, request)
    for key, views in SECTION_VIEWS.items():
        links = []
        for name, title in views:
            try:
                links.append({"title": title, "url": reverse(name), "children": []})
            except NoReverseMatch:
                continue
        plan.append({"title": MenuSection(key).label, "url": "", "children": links})
    # In the footer of every page, so in the plan too.
    plan.append({"title": OPEN_DATA_TITLE, "url": reverse("opendata:index"), "children": []})
    return plan
