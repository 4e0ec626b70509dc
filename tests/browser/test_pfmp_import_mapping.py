"""A class list with other headers on a phone (375 px): the RBDE picks the columns (prefilled
by the best guess), sees the preview; axe finds nothing serious, nothing overflows."""

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect

from etablissements.roles import Role
from pfmp.models import Pupil
from tests.etablissements.factories import staff_user
from tests.pfmp.factories import SchoolClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_rbde_maps_the_columns_of_a_class_list_on_a_phone(
    live_server, page, tmp_path, axe_serious
):
    melec = SchoolClassFactory(name="1MELEC")
    client = Client()
    client.force_login(staff_user(melec.school, Role.RBDE))
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )
    path = tmp_path / "liste.csv"
    path.write_text("Élève - nom;Élève - prénom;Groupe\nMARTIN;Léa;1MELEC\n", encoding="utf-8")
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/admin/pfmp/tableau/importer/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Quelle colonne de « liste.csv » est laquelle ?")).to_be_visible()
    assert page.input_value("#id_last_name") == "0"
    assert page.input_value("#id_first_name") == "1"
    assert page.input_value("#id_class_name") == "2"
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_serious(page) == []
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("1 élève à ajouter")).to_be_visible()
    assert not Pupil.objects.exists()
    page.get_by_role("button", name="Importer les 1 élève").click()
    expect(page.get_by_text("Import de « liste.csv » : 1 élève ajouté,")).to_be_visible()
    assert Pupil.objects.get().last_name == "MARTIN"
