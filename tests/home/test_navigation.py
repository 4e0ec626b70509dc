"""A person who knows only the home page finds every public page by following links."""

import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, get_resolver, resolve

from home.models import AccessibilityPage, Compliance, ContentPage
from offres.kinds import KINDS

pytestmark = pytest.mark.django_db

PUBLIC_NAMESPACES = ["entreprises", "offres", "formations", "rappels", "partenariats", "pacte"]
PUBLIC_NAMESPACES += ["opendata", "courriels"]
# Pages a person reaches from a mail, not from the site: a signed link, or the answer to a POST.
NOT_BY_LINKS = {
    "offres:thanks",
    "offres:espace",
    "offres:espace_colleague",
    "offres:espace_directory",
    "offres:espace_unsubscribe",
    "offres:espace_edit",
    "offres:espace_withdraw",
    "offres:espace_limits",
    "offres:espace_resend",
    "formations:registration_cancel",
    "formations:feedback",
    "formations:checkin",
    "formations:rsvp",
    "rappels:desabonnement",
    "courriels:desabonnement",
    # The JSON answer behind the SIRET field of the forms (fetched by its script).
    "entreprises:siret_lookup",
    # The open-data files' first addresses, redirected to export/ for old bookmarks.
    "opendata:csv_moved",
    "opendata:json_moved",
    "opendata:schema_moved",
}
STAFF_PREFIXES = ("formations:staff_", "formations:attendance_", "formations:sign_in_sheet")
STAFF_NAMES = {"formations:send_certificates", "formations:request_feedback"}
HREF = re.compile(r'href="([^"]+)"')
SKIP = re.compile(r"^/(admin|static|media|documents)/")


def public_url_names() -> set[str]:
    names = set()
    for namespace in PUBLIC_NAMESPACES:
        resolver = get_resolver().namespace_dict[namespace][1]
        for pattern in resolver.url_patterns:
            if pattern.name:
                names.add(f"{namespace}:{pattern.name}")
    return {
        name for name in names - NOT_BY_LINKS - STAFF_NAMES if not name.startswith(STAFF_PREFIXES)
    }


def crawl(client, start="/", limit=400):
    """Breadth first from `start`, GET only, same site: {path: (status, view name)}."""
    seen, queue, reached = {start}, deque([start]), {}
    while queue and len(reached) < limit:
        path = queue.popleft()
        response = client.get(path)
        match = None
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            pass
        reached[path] = (response.status_code, match.view_name if match else "")
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for href in HREF.findall(response.content.decode()):
            href = urldefrag(urljoin(path, href.replace("&amp;", "&")))[0]
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            # Filters and pages of a list lead to the same view: follow only the first page.
            if parts.query and "page=" in parts.query:
                continue
            if SKIP.match(parts.path) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return reached


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--quiet-logins")


def test_every_public_page_is_reached_from_the_home_page_by_links_only(client, demo):
    reached = crawl(client)

    broken = {path: status for path, (status, _) in reached.items() if status >= 400}
    assert not broken
    names = {name for _, name in reached.values()}
    missing = public_url_names() - names
    assert not missing, f"no link leads to {sorted(missing)}"
    paths = set(reached)
    for spec in KINDS.values():
        assert f"/entreprises/proposer/{spec.slug}/" in paths, spec.slug
    from wagtail.models import Page

    for page in Page.objects.live().filter(depth__gt=1):
        assert page.url in paths, page.title
    for footer in ("/mentions-legales/", "/donnees-personnelles/", "/plan-du-site/"):
        assert footer in paths
    assert {"formations:training_detail", "entreprises:detail"} <= names


def test_the_crawl_notices_a_page_nobody_links_to(client, demo):
    """The proof above can fail: a public view no link leads to is reported missing."""
    reached = crawl(client, start="/accessibilite/", limit=3)

    assert "formations:training_detail" in public_url_names()
    assert "formations:training_detail" not in {name for _, name in reached.values()}


def test_the_menu_serves_each_audience_and_follows_the_page_tree(client, demo):
    page = ContentPage(title="Stage dating 2027", slug="stage-dating", show_in_menus=True)
    page.menu_section = "entreprises"
    from home.models import HomePage

    HomePage.objects.get().add_child(instance=page)

    html = client.get("/").content.decode()
    menu = html[
        html.index('id="navigation-principale"') : html.index(
            "</nav>", html.index('id="navigation-principale"')
        )
    ]
    for section in ("Entreprises", "Tuteurs", "Établissements"):
        assert f">{section}</button>" in menu
    for href in (
        "/travailler-avec-un-lycee-professionnel/",
        "/entreprises/demandes-de-formation/",
        "/entreprises-partenaires/",
        "/formations/tuteurs/",
        "/bureau-des-entreprises/",
        "/admin/",
        "/stage-dating/",
    ):
        assert f'href="{href}"' in menu
    assert 'href="/mentions-legales/"' not in menu


def test_home_cards_link_to_real_pages(client, demo):
    html = client.get("/").content.decode()

    assert 'href="#entreprises"' not in html
    assert 'href="/travailler-avec-un-lycee-professionnel/"' in html
    assert 'href="/formations/tuteurs/"' in html
    assert client.get("/travailler-avec-un-lycee-professionnel/").status_code == 200


def test_breadcrumb_on_every_page_but_home(client, demo):
    assert "fr-breadcrumb" not in client.get("/").content.decode()

    way = client.get("/entreprises/proposer/mentorat/").content.decode()
    trail = way[
        way.index("fr-breadcrumb__list") : way.index("</ol>", way.index("fr-breadcrumb__list"))
    ]
    assert ">Travailler avec un lycée professionnel</a>" in trail
    assert ">Proposer du mentorat</a>" in trail
    assert 'aria-current="page">Formulaire</a>' in trail

    legal = client.get("/mentions-legales/").content.decode()
    assert 'aria-current="page">Mentions légales</a>' in legal


def test_footer_has_the_mandatory_pages_and_the_accessibility_status(client, demo):
    html = client.get("/formations/tuteurs/").content.decode()
    footer = html[html.index('id="pied-de-page"') :]

    for label in (
        "Plan du site",
        "Accessibilité : non conforme",
        "Mentions légales",
        "Données personnelles",
    ):
        assert label in footer

    statement = AccessibilityPage.objects.get()
    statement.compliance = Compliance.PARTIAL
    statement.save_revision().publish()
    assert "Accessibilité : partiellement conforme" in client.get("/").content.decode()


def test_personal_data_page_states_the_retention_the_code_enforces(client, demo):
    from entreprises.services import INACTIVITY_YEARS
    from offres.links import MAX_AGE_DAYS

    html = client.get("/donnees-personnelles/").content.decode()

    assert INACTIVITY_YEARS == 3 and "sans aucune activité depuis trois ans" in html
    assert MAX_AGE_DAYS == 30 and "<strong>30 jours</strong>" in html
    for who in ("Contacts des entreprises", "Tuteurs", "Mentors", "Élèves mentorés"):
        assert who in html
    assert "CNIL" in html


def test_site_plan_lists_the_tree_and_the_public_views(client, demo):
    html = client.get("/plan-du-site/").content.decode()

    for href in (
        "/travailler-avec-un-lycee-professionnel/proposer-du-mentorat/",
        "/mentions-legales/",
        "/formations/tuteurs/",
        "/entreprises-partenaires/",
        "/entreprises/demandes-de-formation/",
        "/donnees-ouvertes/",
    ):
        assert f'href="{href}"' in html


def test_seed_keeps_one_of_each_footer_page(demo):
    call_command("seed_demo", "--quiet-logins")

    assert AccessibilityPage.objects.count() == 1
    for slug in ("mentions-legales", "donnees-personnelles", "bureau-des-entreprises"):
        assert ContentPage.objects.filter(slug=slug).count() == 1


def test_sitemap_lists_pages_and_public_views_on_the_portals_host_only(client, demo, settings):
    settings.PORTAL_BASE_URL = "https://bde.ac-toulouse.fr"
    xml = client.get("/sitemap.xml", HTTP_HOST="127.0.0.1").content.decode()

    locations = re.findall(r"<loc>([^<]+)</loc>", xml)
    assert len(locations) > 10
    assert {urlsplit(location).netloc for location in locations} == {"bde.ac-toulouse.fr"}
    assert all(location.startswith("https://") for location in locations)
    assert "https://bde.ac-toulouse.fr/mentions-legales/" in locations
    assert "https://bde.ac-toulouse.fr/formations/tuteurs/" in locations
    assert "https://bde.ac-toulouse.fr/" in locations
    assert "/entreprises/proposer/mentorat/</loc>" in xml
    assert "/formations/tuteurs/session/" in xml
    assert "/entreprises/espace/" not in xml.replace("/entreprises/espace/nouveau-lien/", "")


def test_robots_txt_points_at_the_sitemap_and_keeps_private_paths_out(client, db):
    response = client.get("/robots.txt")
    text = response.content.decode()

    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text and "Disallow: /entreprises/espace/" in text
    assert "Sitemap: " in text and text.strip().endswith("/sitemap.xml")
