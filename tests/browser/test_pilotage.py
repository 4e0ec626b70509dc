"""The académie's dashboard on a phone: the filter row wraps within 375 px, for the academy
administrator and for a direction (which also gets the school chooser)."""

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mot-de-passe-de-test"


@pytest.fixture
def logins():
    from etablissements.roles import Role
    from etablissements.services import academy_admin_grant, membership_grant
    from offres.models import SchoolDiploma
    from pilotage.services import indicators_refresh
    from tests.etablissements.factories import SchoolFactory, UserFactory

    long_name = "Lycée professionnel des métiers de l’hôtellerie et de la restauration Jean-Bart"
    schools = [
        SchoolFactory(name=f"{long_name} {n}", kind=kind, postcode=postcode)
        for n, (kind, postcode) in enumerate([("SEP", "31000"), ("LPO", "97400")])
    ]
    for school in schools:
        SchoolDiploma.objects.create(
            school=school,
            name="bac pro MVA",
            trade_area="maintenance des véhicules option voitures particulières et utilitaires",
        )
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    direction = UserFactory(username="direction")
    for school in schools:
        membership_grant(user=direction, school=school, role=Role.DIRECTION)
    indicators_refresh()
    return ["academie", "direction"]


def log_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(base_url + "/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url(base_url + "/admin/")


def test_the_dashboard_filters_fit_a_phone(logins, live_server, page, axe_serious):
    page.set_viewport_size({"width": 375, "height": 800})
    for username in logins:
        log_in(page, live_server.url, username)
        page.goto(live_server.url + "/admin/pilotage/")
        form = page.get_by_role("form", name="Filtrer les indicateurs")
        assert form.get_by_label("Filière").is_visible()
        if username == "direction":
            assert form.get_by_label("Établissement", exact=True).is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, username
        for select in form.locator("select").all():
            box = select.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 375 + 1, username
        form.get_by_label("Type d’établissement").select_option("SEP")
        # Wait for the new page to load: reading it while it commits found no document.
        with page.expect_navigation(wait_until="load"):
            form.get_by_role("button", name="Afficher").click()
        assert "type=SEP" in page.url
        assert page.evaluate("document.documentElement.scrollWidth") <= 375 + 1, username
        assert axe_serious(page) == []


def test_each_small_table_of_the_trends_stays_within_its_chart(logins, live_server, page):
    """A trend's table sits under its chart, three to a row at 1280 px: its header must not run
    into the next one (« Pactes avec le forfait… » ran over « Bilans d’activité validés »)."""
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "direction")
    page.goto(live_server.url + "/admin/pilotage/")
    figures = page.locator("figure:has(table)")
    assert figures.count() >= 9
    for index in range(figures.count()):
        figure = figures.nth(index)
        outer, table = figure.bounding_box(), figure.locator("table").bounding_box()
        label = figure.locator("h3").inner_text()
        assert table["x"] + table["width"] <= outer["x"] + outer["width"] + 1, label
        for header in figure.locator("thead th").all():
            box = header.bounding_box()
            overflow = header.evaluate("th => th.scrollWidth - th.clientWidth")
            assert overflow <= 1 and box["x"] + box["width"] <= outer["x"] + outer["width"] + 1, (
                label
            )
