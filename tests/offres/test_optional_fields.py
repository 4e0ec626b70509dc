"""The proposal forms' optional fields, grouped in a closed accordion: what is saved from them,
and what the page keeps and opens when something is wrong."""

import pytest
from django.urls import reverse

from entreprises.models import Contact
from etablissements.models import School
from offres.forms import submission_form_class
from offres.kinds import KINDS
from offres.models import Submission
from tests.etablissements.factories import SchoolFactory
from tests.offres.test_public_forms import SHARED, _as_post

pytestmark = pytest.mark.django_db

URL = reverse("offres:submit", kwargs={"slug": "difficultes-recrutement"})
TOGGLE = 'aria-controls="accordeon-facultatif"'


def _post(school, **overrides):
    from tests.offres.factories import good_details

    details = _as_post(good_details("recrutement"))
    return {**SHARED, "schools": [str(school.pk)], **details, **overrides}


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_optional_field_is_in_the_accordion_and_every_required_one_outside(kind):
    form = submission_form_class(kind)(schools=School.objects.none())
    grouped = [field.name for _, fields in form.fieldsets() for field in fields]
    optional = [field.name for field in form.optional_fields()]
    assert {"phone", "job_title"} <= set(optional)
    assert all(form.fields[name].required for name in grouped)
    assert not any(form.fields[name].required for name in optional)
    # The schools, their filière and distance have their own section (« Les lycées »).
    own_section = ("schools", "trade_area", "distance", "consent", "site_internet_confirmation")
    assert set(grouped) | set(optional) >= {n for n in form.fields if n not in own_section}


def test_the_accordion_is_closed_on_a_fresh_form(client):
    page = client.get(URL).content.decode()
    assert f'aria-expanded="false" {TOGGLE}' in page
    assert "Compléter maintenant ou plus tard (facultatif)" in page
    assert page.index('name="phone"') > page.index('id="accordeon-facultatif"')


def test_what_is_typed_in_the_accordion_is_saved(client):
    school = SchoolFactory()
    data = _post(school, phone="05 61 00 00 00", suggestion="Une FCIL de soudure")
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    submission = Submission.objects.get()
    assert submission.details["suggestion"] == "Une FCIL de soudure"
    assert Contact.objects.get().phone == "05 61 00 00 00"


def test_the_form_is_sent_with_the_accordion_left_empty(client):
    school = SchoolFactory()
    response = client.post(URL, _post(school, phone="", job_title="", suggestion=""))
    assert response.status_code == 302
    assert Submission.objects.get().details["suggestion"] == ""


def test_an_error_elsewhere_keeps_the_optional_input_and_saves_nothing(client):
    school = SchoolFactory()
    data = _post(school, positions_per_year="0", suggestion="Une FCIL de soudure")
    page = client.post(URL, data).content.decode()
    assert "au moins un poste" in page
    assert "Une FCIL de soudure" in page
    assert f'aria-expanded="false" {TOGGLE}' in page  # nothing to fix inside: it stays closed
    assert Submission.objects.count() == 0


def test_an_error_in_an_optional_field_opens_the_accordion(client):
    school = SchoolFactory()
    url = reverse("offres:submit", kwargs={"slug": "stages-apprentissage"})
    from tests.offres.factories import good_details

    data = {**SHARED, "schools": [str(school.pk)], **_as_post(good_details("stages"))}
    data["period2_start"] = "pas une date"
    page = client.post(url, data).content.decode()
    assert f'aria-expanded="true" {TOGGLE}' in page
    assert 'fr-collapse fr-collapse--expanded" id="accordeon-facultatif"' in page
    assert 'href="#id_period2_start"' in page  # the error summary links into it
    assert Submission.objects.count() == 0


def test_short_fields_go_in_pairs_and_no_field_is_lost():
    form = submission_form_class("recrutement")(schools=School.objects.none())
    rows = [[f.name for f in row] for _, legend_rows in form.fieldset_rows() for row in legend_rows]
    assert ["postcode", "town"] in rows and ["first_name", "last_name"] in rows
    flat = [name for row in rows for name in row]
    assert flat == [f.name for _, fields in form.fieldsets() for f in fields]
