"""The staff area is the académie’s service: its name, the Marianne, no page tools for others."""

import pytest
from django.contrib.auth import get_user_model

from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.RBDE, Role.TEACHER, Role.DIRECTION])
def test_school_staff_land_on_the_portal_not_on_a_cms(client, role):
    user = staff_user(SchoolFactory(), role, first_name="Rachid")
    client.force_login(user)

    page = client.get("/admin/").content.decode()

    assert "<title>Tableau de bord - Portail du bureau des entreprises</title>" in page
    assert "Académie de Toulouse" in page
    assert "dsfr/dist/favicon/favicon.svg" in page  # the Marianne, sidebar and favicon
    assert "Bonjour Rachid, voici ce qui vous attend aujourd’hui." in page
    # Nothing about editing pages for someone who edits none.
    assert "Rechercher toutes les pages" not in page
    assert "Guide de l" not in page
    assert "editor-guide" not in page  # Wagtail's help menu is gone from the sidebar
    assert "gravatar" not in page.lower()


def test_a_page_editor_keeps_page_search_and_the_editor_guide(client):
    admin = get_user_model().objects.create_superuser("claire", "claire@example.org", "x")
    client.force_login(admin)

    page = client.get("/admin/").content.decode()

    assert "Rechercher toutes les pages" in page
    assert "Guide de l’éditeur des pages du site" in page


def test_the_sign_in_page_names_the_service(client):
    page = client.get("/admin/login/").content.decode()

    assert "Espace des établissements — Académie de Toulouse" in page
    assert "Portail du bureau des entreprises" in page
    assert "Sign in to Wagtail" not in page and "Se connecter à Wagtail" not in page
