"""Staff screens: the reminder log, the rules in one place, the preferences, each object's panel."""

import pytest

from etablissements.roles import Role
from rappels.models import StaffOptOut
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

from .factories import ReminderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_a():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def school_b():
    return SchoolFactory(name="Lycée Bêta")


@pytest.fixture
def rbde_a(school_a):
    return staff_user(school_a, role=Role.RBDE, email="rbde.a@lycee.example")


@pytest.fixture
def client_a(client, rbde_a):
    client.force_login(rbde_a)
    return client


def page(response) -> str:
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def test_the_log_lists_the_reminders_of_my_school_only(client_a, school_a, school_b):
    mine = ReminderFactory(partnership__school=school_a, recipient_email="moi@lycee.example")
    ReminderFactory(partnership__school=school_b, recipient_email="autre@lycee.example")

    html = page(client_a.get("/admin/rappels/journal/"))

    assert "moi@lycee.example" in html
    assert "Convention de partenariat se terminant dans moins de 60 jours" in html
    assert "autre@lycee.example" not in html
    assert f"/admin/rappels/journal/inspect/{mine.pk}/" in html


def test_the_log_filters_by_status_and_never_offers_to_edit(client_a, school_a):
    school = {"partnership__school": school_a}
    ReminderFactory(**school, recipient_email="envoye@lycee.example", sent=True)
    ReminderFactory(**school, recipient_email="echec@lycee.example", failed=True)

    html = page(client_a.get("/admin/rappels/journal/?status=echec"))

    assert "echec@lycee.example" in html and "envoye@lycee.example" not in html
    assert "/admin/rappels/journal/edit/" not in html
    assert "/admin/rappels/journal/add/" not in html


def test_the_inspect_page_shows_the_error_and_another_schools_row_is_not_found(
    client_a, school_a, school_b
):
    failed = ReminderFactory(partnership__school=school_a, failed=True)
    other = ReminderFactory(partnership__school=school_b)

    html = page(client_a.get(f"/admin/rappels/journal/inspect/{failed.pk}/"))

    assert "Abandon après 6 tentatives. SMTPDataError : 451" in html
    assert client_a.get(f"/admin/rappels/journal/inspect/{other.pk}/").status_code == 404
    assert client_a.get(f"/admin/rappels/journal/edit/{failed.pk}/").status_code in (302, 403)


def test_the_log_runs_a_constant_number_of_queries(
    client_a, school_a, django_assert_max_num_queries
):
    for n in (3, 40):
        ReminderFactory.create_batch(n, partnership__school=school_a)
        with django_assert_max_num_queries(20):
            page(client_a.get("/admin/rappels/journal/?status=en_attente"))


def test_the_rules_are_listed_in_one_place_with_my_schools_counts(
    client_a, school_a, school_b, django_assert_max_num_queries
):
    ReminderFactory.create_batch(2, partnership__school=school_a, sent=True)
    ReminderFactory(partnership__school=school_a, failed=True)
    ReminderFactory.create_batch(5, partnership__school=school_b, sent=True)

    with django_assert_max_num_queries(12):
        html = page(client_a.get("/admin/rappels/regles/"))

    assert "Convention de partenariat se terminant dans moins de 60 jours" in html
    assert "Partenariat sans interaction depuis 6 mois" in html
    assert "Synthèse hebdomadaire des rappels de l’établissement (RBDE)" in html
    assert "partenariats/mails/convention_fin.txt" in html
    row = html.split("partenariat_convention_fin</small>")[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0].strip() for cell in row.split("<td>")[1:]]
    assert cells[-3:] == ["0", "2", "1"]  # pending, sent, failed: school B's rows not counted


def test_a_user_without_a_school_role_cannot_read_the_rules(client):
    from tests.etablissements.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get("/admin/rappels/regles/").status_code in (302, 403)


def account_form_data(client) -> dict:
    """What the account page's other panels (name, theme…) hold, as the browser posts it."""
    data = {}
    response = client.get("/admin/account/")
    for panels in response.context["panels_by_tab"].values():
        for panel in panels:
            form = panel.get_form()
            if panel.name in ("password", "avatar", "rappels"):
                continue
            for field in form:
                value = field.value()
                if value not in (None, False):
                    data[field.html_name] = value
    return data


def test_staff_choose_their_reminders_in_their_account_settings(client_a, rbde_a):
    html = page(client_a.get("/admin/account/"))
    assert "Rappels par courriel" in html
    assert "Partenariat sans interaction depuis 6 mois" in html

    data = account_form_data(client_a)
    data["rappels-received"] = ["partenariat_convention_fin", "rappels_synthese_hebdomadaire"]
    response = client_a.post("/admin/account/", data)

    assert response.status_code == 302
    switched_off = set(StaffOptOut.objects.filter(user=rbde_a).values_list("rule_code", flat=True))
    assert "partenariat_sans_interaction" in switched_off
    assert not switched_off & {"partenariat_convention_fin", "rappels_synthese_hebdomadaire"}
    html = page(client_a.get("/admin/account/"))
    assert 'value="partenariat_sans_interaction"' in html
    checked = html.split('value="partenariat_convention_fin"')[1].split(">")[0]
    assert "checked" in checked


def test_each_partnership_page_shows_its_reminders_sent_pending_failed(client_a, school_a):
    partnership = PartnershipFactory(school=school_a)
    ReminderFactory(partnership=partnership, sent=True, recipient_email="a@lycee.example")
    ReminderFactory(partnership=partnership, recipient_email="b@lycee.example")
    ReminderFactory(partnership=partnership, failed=True, recipient_email="c@lycee.example")
    ReminderFactory(partnership__school=school_a, recipient_email="ailleurs@lycee.example")

    html = page(client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/"))

    assert "1 envoyé, 1 en attente, 1 en échec." in html
    assert "Abandon après 6 tentatives" in html
    assert "ailleurs@lycee.example" not in html


def test_the_include_can_be_used_by_any_app(school_a):
    from django.template.loader import render_to_string

    school = school_a
    html = render_to_string("rappels/includes/object_reminders.html", {"object": school})
    assert "Aucun rappel pour le moment." in html


def test_the_reminder_choices_are_a_dsfr_fieldset_one_checkbox_a_line(client_a):
    """Issue 27 §12: the checkboxes no longer run inline, boxes on alternating sides."""
    html = page(client_a.get("/admin/account/"))
    fieldset = html.split('<fieldset class="fr-fieldset"', 1)[1].split("</fieldset>", 1)[0]
    assert 'id="checkboxes-id_rappels-received"' in fieldset
    assert "Rappels que je reçois par courriel" in fieldset.split("</legend>")[0]
    boxes = fieldset.count('type="checkbox"')
    assert boxes >= 10
    # Each choice in its own element, the box then its label, never inline.
    elements = fieldset.split('<div class="fr-fieldset__element">')[1:]
    assert len(elements) == boxes
    for element in elements:
        box, label = element.index('type="checkbox"'), element.index("<label")
        assert element.count('type="checkbox"') == 1 and box < label
    assert "fr-fieldset__element--inline" not in fieldset
