"""The import's mapping step on a phone (375 px): the RBDE says which column is the SIRET,
then sees the preview; nothing is saved before confirming."""

import pytest
from playwright.sync_api import expect

from entreprises.models import Company
from etablissements.roles import Role
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"


def test_an_rbde_maps_the_columns_of_her_file_on_a_phone(live_server, page, tmp_path, axe_serious):
    school = SchoolFactory(name="Lycée Alpha")
    rbde = staff_user(school, Role.RBDE)
    siret = valid_siret(811)
    path = tmp_path / "partenaires.csv"
    path.write_text(
        f"Entreprise;Numéro d’établissement;Remarques\nGarage du Pont;{siret};rappeler\n",
        encoding="utf-8",
    )
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", rbde.username)
    page.fill("#id_password", PASSWORD)
    page.press("#id_password", "Enter")
    page.wait_for_url(live_server.url + "/admin/")

    page.goto(live_server.url + "/admin/entreprises/importer/")
    page.set_input_files("input[type=file]", str(path))
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("Quelle colonne de « partenaires.csv » est laquelle ?")).to_be_visible()
    assert page.input_value("#id_col_0") == "name"
    assert page.input_value("#id_col_1") == ""
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert axe_serious(page) == []

    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("« SIRET », qui est obligatoire")).to_be_visible()
    assert page.input_value("#id_col_0") == "name"

    page.select_option("#id_col_1", "siret")
    page.get_by_role("button", name="Voir l’aperçu").click()
    expect(page.get_by_text("rien n’est encore enregistré")).to_be_visible()
    assert "Garage du Pont" in page.locator("main").inner_text()
    assert not Company.objects.exists()

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.get_by_text("1 entreprise créée")).to_be_visible()
    assert Company.objects.get().siret == siret
