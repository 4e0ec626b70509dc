"""Error pages in production mode: French DSFR pages, a way home, no technical detail."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def production(settings, site):
    settings.DEBUG = False


def assert_french_page(html: str, title: str):
    assert f"<h1>{title}</h1>" in html
    assert 'lang="fr"' in html and "dsfr.min.css" in html
    assert 'href="/">Revenir à la page d’accueil</a>' in html
    for technical in ("Traceback", "Django", "DEBUG", "secret detail", "Exception"):
        assert technical not in html


def test_404_is_a_french_page_with_the_menu(client):
    response = client.get("/cette-page-nexiste-pas/")

    assert response.status_code == 404
    html = response.content.decode()
    assert_french_page(html, "Page non trouvée")
    assert 'id="navigation-principale"' in html and "Plan du site" in html


def test_404_of_a_django_view(client):
    response = client.get("/entreprises-partenaires/999999/")

    assert response.status_code == 404
    assert_french_page(response.content.decode(), "Page non trouvée")


def test_500_says_sorry_without_detail(settings):
    settings.ROOT_URLCONF = "tests.home.urls_boom"
    client = Client(raise_request_exception=False)

    response = client.get("/boom/")

    assert response.status_code == 500
    assert_french_page(response.content.decode(), "Erreur inattendue")


def test_a_form_sent_without_its_csrf_token_gets_the_french_403():
    client = Client(enforce_csrf_checks=True)

    response = client.post("/entreprises/espace/nouveau-lien/", {"email": "a@b.example"})

    assert response.status_code == 403
    html = response.content.decode()
    assert_french_page(html, "Formulaire expiré")
    assert "rechargez la page" in html


def test_400_for_a_request_the_portal_cannot_serve(settings):
    settings.ALLOWED_HOSTS = ["portail.example"]
    client = Client(HTTP_HOST="portail.example")

    response = client.get("/", HTTP_HOST="intrus.example")

    assert response.status_code == 400
    assert_french_page(response.content.decode(), "Demande incorrecte")


def test_403_of_a_permission_denied(settings):
    from django.test import RequestFactory

    from home.views import permission_denied

    response = permission_denied(RequestFactory().get("/"))

    assert response.status_code == 403
    assert_french_page(response.content.decode(), "Accès refusé")
