from home.content import site_ensure_home
from home.models import AccessibilityPage, ContentPage, HomePage


def test_home_page_says_what_the_portal_is_for_each_audience(client, site):
    html = client.get("/").content.decode()

    assert '<html lang="fr"' in html
    assert "République<br>Française" in html
    assert "dsfr.min.css" in html
    for audience in ("Entreprises", "Bureaux des entreprises", "Enseignants"):
        assert audience in html
    assert 'href="/accessibilite/"' in html


def test_accessibility_statement_is_a_page_of_the_site(client, site):
    html = client.get("/accessibilite/").content.decode()

    assert "<h1>Déclaration d’accessibilité</h1>" in html
    assert "non conforme" in html


def test_site_setup_runs_twice_without_creating_anything_more(db):
    site_ensure_home()
    site_ensure_home()

    assert HomePage.objects.count() == 1
    assert AccessibilityPage.objects.filter(slug="accessibilite").count() == 1
    assert ContentPage.objects.filter(slug="mentions-legales").count() == 1


def test_an_edited_home_page_is_kept_by_the_next_setup(site):
    site.intro = "<p>Texte écrit par l’académie</p>"
    site.save_revision().publish()

    site_ensure_home()

    assert HomePage.objects.get().intro == "<p>Texte écrit par l’académie</p>"


def test_page_types_declare_their_place_in_the_tree():
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
    assert "home.ContentPage" in HomePage.subpage_types
    assert ContentPage.parent_page_types == ["home.HomePage", "home.ContentPage"]


def test_a_content_page_is_served_under_the_home_page(client, site):
    from tests.home.factories import ContentPageFactory

    ContentPageFactory.create(title="Stage dating", slug="stage-dating")

    html = client.get("/stage-dating/").content.decode()
    assert "<h1>Stage dating</h1>" in html
    assert "Texte de la page." in html
