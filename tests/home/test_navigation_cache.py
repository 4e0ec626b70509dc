"""The menu and footer come from the cache, and any change to the page tree shows at once."""

import pytest
from django.core.management import call_command

from home.models import ContentPage, HomePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("seed_demo", "--quiet-logins")


def _menu(client, path="/"):
    html = client.get(path).content.decode()
    start = html.index('id="navigation-principale"')
    return html[start : html.index("</nav>", start)]


def test_the_menu_is_read_from_the_cache_on_the_next_request(
    client, demo, django_assert_max_num_queries
):
    client.get("/entreprises-partenaires/")
    with django_assert_max_num_queries(3):  # the site, the page of companies, nothing for the menu
        html = client.get("/entreprises-partenaires/").content.decode()
    assert 'href="/formations/tuteurs/"' in html and "Mentions légales" in html


def test_a_published_renamed_or_unpublished_page_shows_on_the_next_request(client, demo):
    assert "Stage dating 2027" not in _menu(client)
    page = ContentPage(title="Stage dating 2027", slug="stage-dating", show_in_menus=True)
    page.menu_section = "entreprises"
    HomePage.objects.get().add_child(instance=page)
    assert 'href="/stage-dating/"' in _menu(client)

    page.title = "Stage dating de printemps"
    page.save_revision().publish()
    assert "Stage dating de printemps" in _menu(client, "/formations/tuteurs/")

    page.unpublish()
    assert 'href="/stage-dating/"' not in _menu(client)


def test_the_current_page_is_marked_per_request_not_cached(client, demo):
    assert 'href="/formations/tuteurs/" aria-current="page"' in _menu(
        client, "/formations/tuteurs/"
    )
    assert 'href="/formations/tuteurs/" aria-current="page"' not in _menu(client, "/")
