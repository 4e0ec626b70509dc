"""A company's need routed to the schools that prepare its trades, nearest first."""

import re

import pytest
from django.urls import reverse

from entreprises.models import Company
from offres.models import SchoolDiploma, Submission, TradeAreaNaf
from offres.routing import company_point, propose_schools
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, UserFactory

from .test_public_forms import mentoring_post

pytestmark = pytest.mark.django_db

TOULOUSE = (43.6045, 1.4440)
URL = reverse("offres:submit", kwargs={"slug": "mentorat"})


def school(name, area, lat=None, lon=None, postcode="31000", town="Toulouse"):
    made = SchoolFactory(name=name, postcode=postcode, town=town, latitude=lat, longitude=lon)
    SchoolDiploma.objects.create(school=made, name=f"Bac pro {name}", trade_area=area)
    return made


@pytest.fixture
def schools(settings):
    settings.ACADEMY_CONTACT_EMAIL = "ce.dafpic@ac-toulouse.example"
    return {
        # about 4, 18, 38 and 150 km from the centre of Toulouse
        "near": school("LP Bayard", "Électricité", 43.64, 1.44),
        "mid": school("LP Gallieni", "électricité", 43.7650, 1.4440, "31140", "Aucamville"),
        "far": school("LP Lautrec", "ELECTRICITE", 43.9450, 1.4440, "81500", "Lavaur"),
        "away": school("LP Pau", "électricité", 43.30, -0.37, "64000", "Pau"),
        "unplaced": school("LP Sans Position", "électricité", postcode="31200"),
        "cook": school("LP Cuisine", "hôtellerie-restauration", 43.61, 1.45),
    }


def ticked(page) -> set[int]:
    tags = re.findall(r'<input[^>]*name="schools"[^>]*>', page)
    return {int(re.search(r'value="(\d+)"', tag)[1]) for tag in tags if "checked" in tag}


def names(routing):
    return [s.name for s in routing.schools]


def test_schools_of_the_trade_within_the_distance_nearest_first_unplaced_last(schools):
    routing = propose_schools(
        trade_area="électricité", point=TOULOUSE, postcode="31000", distance="25"
    )
    assert names(routing) == ["LP Bayard", "LP Gallieni", "LP Sans Position"]
    assert routing.schools[0].distance_label == "à 4 km"
    assert (
        routing.schools[-1].distance_label == "position du lycée inconnue : distance non calculée"
    )
    # Sent by default to the nearest placed ones, never to a school of another trade.
    assert routing.default_choice() == [schools["near"].pk, schools["mid"].pk]
    wider = propose_schools(
        trade_area="Electricité", point=TOULOUSE, postcode="31000", distance="50"
    )
    assert names(wider)[:3] == ["LP Bayard", "LP Gallieni", "LP Lautrec"]


def test_the_naf_code_finds_the_trade_through_the_academys_table(schools):
    assert TradeAreaNaf.objects.get(name="électricité").matches("43.21A")
    routing = propose_schools(naf_code="43.21A", point=TOULOUSE, postcode="31000", distance="10")
    assert names(routing) == ["LP Bayard", "LP Sans Position"]
    assert routing.trade_areas == ["électricité"]
    cooking = propose_schools(naf_code="56.10A", point=TOULOUSE, postcode="31000", distance="10")
    assert names(cooking) == ["LP Cuisine"]


def test_the_departement_instead_of_a_distance(schools):
    routing = propose_schools(
        trade_area="électricité", point=TOULOUSE, postcode="31000", distance="dep"
    )
    assert names(routing) == ["LP Bayard", "LP Gallieni", "LP Sans Position"]


def test_no_school_of_the_trade_near_enough_names_the_nearest_and_the_academy(schools):
    SchoolDiploma.objects.filter(school__in=[schools["near"], schools["mid"]]).delete()
    routing = propose_schools(
        trade_area="électricité", point=TOULOUSE, postcode="81000", distance="25"
    )
    assert not routing.found and routing.default_choice() == []
    assert [s.name for s in routing.nearest_elsewhere] == ["LP Lautrec", "LP Pau"]
    text = routing.explanation()
    assert "Aucun lycée qui préparent les métiers de la filière « électricité »" in text
    assert "LP Lautrec (à 38 km)" in text
    assert "ce.dafpic@ac-toulouse.example" in text


def test_a_mentoring_offer_with_no_school_chosen_reaches_the_nearest_schools_of_the_trade(
    client, schools, settings
):
    CompanyFactory(siret=valid_siret(11), latitude=TOULOUSE[0], longitude=TOULOUSE[1])
    data = mentoring_post(schools["near"], schools=[], trade_area="électricité", distance="50")
    response = client.post(URL, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.routed and submission.trade_area == "électricité"
    sent = submission.addressees.order_by("distance_km")
    assert [(a.school.name, a.distance_km) for a in sent] == [
        ("LP Bayard", 4),
        ("LP Gallieni", 18),
        ("LP Lautrec", 38),
    ]


def test_the_form_shows_the_proposed_schools_ticked_and_editable(client, schools):
    CompanyFactory(siret=valid_siret(11), latitude=TOULOUSE[0], longitude=TOULOUSE[1])
    data = mentoring_post(
        schools["near"], schools=[], trade_area="électricité", distance="25", proposer_lycees="1"
    )
    page = client.post(URL, data).content.decode()
    assert "Lycées qui préparent les métiers de la filière « électricité »" in page
    assert "LP Bayard — Toulouse (à 4 km)" in page
    assert ticked(page) == {schools["near"].pk, schools["mid"].pk}
    # The other schools stay listed, after the proposed ones, to add one by hand.
    order = [page.find(f"{name} — ") for name in ("LP Bayard", "LP Gallieni", "LP Cuisine")]
    assert -1 < order[0] < order[1] < order[2]
    assert not Submission.objects.exists()


def test_a_company_asking_for_a_trade_no_near_school_prepares_gets_a_clear_answer(client, schools):
    CompanyFactory(siret=valid_siret(11), latitude=TOULOUSE[0], longitude=TOULOUSE[1])
    SchoolDiploma.objects.filter(school__in=[schools["near"], schools["mid"]]).delete()
    data = mentoring_post(schools["near"], schools=[], trade_area="électricité", distance="10")
    page = client.post(URL, data).content.decode()
    assert "Aucun lycée qui préparent les métiers de la filière « électricité »" in page
    assert "LP Lautrec (à 38 km)" in page and "ce.dafpic@ac-toulouse.example" in page
    assert not Submission.objects.exists()
    # The nearest are listed, to tick.
    assert "LP Lautrec — Lavaur (à 38 km)" in page


def test_a_company_without_coordinates_is_placed_by_the_schools_of_its_postcode(schools):
    assert not Company.objects.exists()
    point = company_point(siret=valid_siret(3), postcode="31140", town="Aucamville")
    assert point == pytest.approx((43.765, 1.444))


def test_the_academy_edits_the_trade_area_table_through_its_service(client):
    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.post(
        reverse("offres_filieres:add"),
        {"name": "Métiers de la mer", "naf_codes": "03.1, 50.1", "source": ""},
    )
    assert response.status_code == 302
    sea = TradeAreaNaf.objects.get(name="Métiers de la mer")
    assert sea.source == "saisie par l’académie" and sea.matches("50.10Z")
    page = client.post(
        reverse("offres_filieres:edit", args=[sea.pk]),
        {"name": "Métiers de la mer", "naf_codes": "3.1, XX", "source": ""},
    ).content.decode()
    assert "« 3.1 » n’est pas un code NAF rév. 2 ni un début de code" in page
    sea.refresh_from_db()
    assert sea.naf_codes == "03.1, 50.1"
    page = client.post(
        reverse("offres_filieres:add"), {"name": "ÉLECTRICITÉ", "naf_codes": "43", "source": ""}
    ).content.decode()
    assert "Cette filière existe déjà." in page
