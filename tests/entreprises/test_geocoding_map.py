"""Addresses geocoded in batches (recorded Géoplateforme answers) and the public maps."""

import html
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import responses
from django.core.cache import cache
from django.urls import reverse

from entreprises.models import Company
from entreprises.tasks import companies_geocode_task
from etablissements.services import diploma_find_or_create
from offres.models import SchoolDiploma
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import TutorTrainingFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

GEOCODER = "https://geocodage.test"


@pytest.fixture(autouse=True)
def geocoder_on(settings):
    settings.GEOCODING_ENABLED = True
    settings.GEOCODING_URL = GEOCODER
    settings.GEOCODING_BATCH = 50
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def recorded_csv(rows) -> str:
    """The CSV endpoint's answer: the columns sent, then the result columns."""
    header = "id,adresse,code_postal,commune,latitude,longitude,result_label,result_score,"
    header += "result_type,result_status"
    return header + "\n" + "\n".join(rows) + "\n"


def test_a_batch_geocodes_in_one_request_and_marks_every_row_tried(api):
    found = CompanyFactory(address="4 rue des Artisans", postcode="31200", town="Toulouse")
    also = CompanyFactory(address="1 place du Capitole", postcode="31000", town="Toulouse")
    vague = CompanyFactory(address="lieu-dit inconnu", postcode="82000", town="Montauban")
    already = CompanyFactory(latitude=Decimal("43.1"), longitude=Decimal("1.2"))
    api.post(
        f"{GEOCODER}/search/csv",
        body=recorded_csv(
            [
                f"{found.pk},4 rue des Artisans,31200,Toulouse,43.628145,1.451217,"
                "4 Rue des Artisans 31200 Toulouse,0.96,housenumber,ok",
                f"{also.pk},1 place du Capitole,31000,Toulouse,43.604468,1.443987,"
                "1 Place du Capitole 31000 Toulouse,0.91,housenumber,ok",
                f"{vague.pk},lieu-dit inconnu,82000,Montauban,44.0176,1.3546,"
                "Montauban,0.31,municipality,ok",
            ]
        ),
        content_type="text/csv",
    )
    assert companies_geocode_task() == {"sent": 3, "found": 2}
    assert len(api.calls) == 1
    sent = api.calls[0].request.body.decode()
    lines = sent.splitlines()
    assert f"{found.pk},4 rue des Artisans,31200,Toulouse" in lines
    assert not any(line.startswith(f"{already.pk},") for line in lines)
    found.refresh_from_db()
    vague.refresh_from_db()
    assert (found.latitude, found.longitude) == (Decimal("43.62815"), Decimal("1.45122"))
    assert vague.latitude is None and vague.geocoded_at is not None
    # Everything tried: the next batch sends nothing.
    assert companies_geocode_task() == {"sent": 0, "found": 0}
    assert len(api.calls) == 1


def test_switched_off_nothing_is_sent(api, settings):
    settings.GEOCODING_ENABLED = False
    CompanyFactory()
    assert companies_geocode_task() == {"sent": 0, "found": 0}
    assert len(api.calls) == 0


def test_failed_batches_leave_rows_to_retry_and_pause_after_three(api):
    CompanyFactory()
    api.post(f"{GEOCODER}/search/csv", status=503)
    for _ in range(4):
        assert companies_geocode_task()["sent"] == 0
    assert len(api.calls) == 3  # paused after the third failure
    assert Company.objects.filter(geocoded_at__isnull=True).count() == 1


def map_points(page: str) -> list[dict]:
    match = re.search(r'data-map-points="([^"]*)"', page)
    return json.loads(html.unescape(match.group(1))) if match else []


def test_the_directory_shows_a_map_of_its_page_hidden_until_the_script_runs(client):
    CompanyFactory(
        name="Garage Occitan",
        town="Toulouse",
        listed=True,
        latitude=Decimal("43.6"),
        longitude=Decimal("1.44"),
    )
    CompanyFactory(name="Sans coordonnées", listed=True)
    page = client.get(reverse("entreprises:directory")).content.decode()
    points = map_points(page)
    assert [(p["name"], p["lat"], p["lon"]) for p in points] == [("Garage Occitan", 43.6, 1.44)]
    assert re.search(r'<div class="portal-map" hidden role="region"', page)
    assert "vendor/leaflet/leaflet.js" in page and "entreprises/map.js" in page
    # The list stays: both companies are in the table.
    assert "Garage Occitan" in page and "Sans coordonnées" in page


def test_no_coordinates_no_map(client):
    CompanyFactory(name="Sans coordonnées", listed=True)
    page = client.get(reverse("entreprises:directory")).content.decode()
    assert "data-map-points" not in page


def test_the_calendar_maps_sessions_held_at_their_school(client):
    school = SchoolFactory(
        name="LP Roland-Garros", latitude=Decimal("43.6"), longitude=Decimal("1.4")
    )
    TutorTrainingFactory(school=school, title="Sur place")
    TutorTrainingFactory(school=school, title="À distance", remote=True)
    page = client.get(reverse("formations:calendar")).content.decode()
    points = map_points(page)
    assert [p["name"] for p in points] == ["Sur place"]
    assert "LP Roland-Garros" in points[0]["detail"]


def test_the_directory_filters_partners_by_a_diploma_of_the_referential(client):
    melec = diploma_find_or_create(label="METIERS DE L'ELECTRICITE")
    electric = SchoolFactory()
    SchoolDiploma.objects.create(school=electric, diploma=melec)
    kitchen = SchoolFactory()
    PartnershipFactory(school=electric, company=CompanyFactory(name="Élec Sud", listed=True))
    PartnershipFactory(school=kitchen, company=CompanyFactory(name="Resto Nord", listed=True))
    page = client.get(reverse("entreprises:directory"), {"diploma": "electricite"})
    text = page.content.decode()
    assert "Élec Sud" in text and "Resto Nord" not in text


# On recorded answers of the real geocoder ---------------------------------------------------

REAL = Path(__file__).parent / "fixtures" / "geoplateforme-reel"


def real_feature(name: str) -> dict:
    data = json.loads((REAL / f"{name}.json").read_text(encoding="utf-8"))
    return data["features"][0] if "features" in data else data


def csv_row(company, feature: dict) -> str:
    """The CSV endpoint's line for `company`, from a real /search answer's feature."""
    lon, lat = feature["geometry"]["coordinates"]
    props = feature["properties"]
    return (
        f'{company.pk},"{company.address}",{company.postcode},"{company.town}",{lat},{lon},'
        f'"{props["label"]}",{props["score"]},{props["type"]},ok'
    )


def test_only_a_house_number_or_a_street_places_a_company_a_town_is_approximate(api, client):
    number = CompanyFactory(
        name="Au numéro", address="10 PL 5 MARTYRS LYCEE BUFFON", postcode="75015", town="Paris"
    )
    street = CompanyFactory(
        name="À la rue", address="rue Jules Ferry", postcode="64110", town="Mazères-Lezons"
    )
    town = CompanyFactory(
        name="À la commune",
        address="st gervais les bains",
        postcode="74170",
        town="Saint-Gervais-les-Bains",
        listed=True,
    )
    answers = [
        csv_row(number, real_feature("10-place-cinq-martyrs-lycee-buffon")),
        csv_row(street, real_feature("rue-jules-ferry-mazeres-lezons")),
        csv_row(town, real_feature("st-gervais-les-bains")),
    ]
    api.post(f"{GEOCODER}/search/csv", body=recorded_csv(answers), content_type="text/csv")
    assert companies_geocode_task() == {"sent": 3, "found": 3}
    for company in (number, street, town):
        company.refresh_from_db()
    assert (number.position_precision, number.position_note) == ("housenumber", "")
    assert (number.latitude, number.longitude) == (Decimal("48.83841"), Decimal("2.31675"))
    assert (street.position_precision, street.position_note) == ("street", "")
    # A municipality match (score 0.71 here, 0.96 for a town name alone) is the town's centre.
    assert town.position_precision == "municipality"
    assert town.position_note == "position approximative (commune)"
    assert (town.latitude, town.longitude) == (Decimal("45.87255"), Decimal("6.71780"))
    page = client.get(reverse("entreprises:directory")).content.decode()
    [point] = map_points(page)
    assert point["name"] == "À la commune"
    assert point["detail"] == "Saint-Gervais-les-Bains — position approximative (commune)"


def test_a_match_of_another_kind_is_not_kept(api):
    company = CompanyFactory(address="75015", postcode="75015", town="Paris")
    feature = real_feature("10-place-cinq-martyrs-lycee-buffon")
    feature["properties"]["type"] = "postcode"  # not one of the BAN's four types
    api.post(
        f"{GEOCODER}/search/csv",
        body=recorded_csv([csv_row(company, feature)]),
        content_type="text/csv",
    )
    assert companies_geocode_task() == {"sent": 1, "found": 0}
    company.refresh_from_db()
    assert company.latitude is None and company.geocoded_at is not None
