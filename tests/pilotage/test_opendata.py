import csv
import io
import json
import re

import pytest
from django.core.cache import cache

from pilotage.opendata import DIRECTORY as DIRECTORY_DATASET
from pilotage.opendata import size_estimates, size_text
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.partenariats.factories import PartnershipFactory

DIRECTORY = "/donnees-ouvertes/export/annuaire-entreprises-partenaires"
CALENDAR = "/donnees-ouvertes/export/calendrier-formations-tuteurs"


QUERIES_OF_THE_INDEX = 9  # menu, then each dataset: a sample (and its prefetch), a count


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()  # the weights shown are cached


def body(response) -> str:
    return b"".join(response.streaming_content).decode()


@pytest.fixture
def directory(school_a, school_b):
    listed = CompanyFactory(listed=True, name="Garage Ouvert", website="https://garage.example")
    PartnershipFactory(company=listed, school=school_a)
    PartnershipFactory(company=listed, school=school_b, status="termine")
    ContactFactory(company=listed, email="julie.secret@entreprise.example")
    CompanyFactory(name="Discrète SARL")  # did not opt in
    return listed


def test_the_directory_csv_lists_opted_in_companies_and_nothing_personal(
    client, directory, school_a
):
    response = client.get(f"{DIRECTORY}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = body(response)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["raison_sociale"] for r in rows] == ["Garage Ouvert"]
    assert rows[0]["siret"] == directory.siret
    assert rows[0]["lycees_partenaires_uai"] == school_a.uai  # the ended partnership is not
    assert rows[0]["membre_cmq"] == "false"
    assert "Discrète" not in text and "julie" not in text.lower()
    assert "rue des Artisans" not in text  # no street address


def test_the_directory_json_carries_its_licence_and_schema(client, directory):
    data = json.loads(body(client.get(f"{DIRECTORY}.json")))
    assert data["licence"] == "etalab-2.0"
    assert data["schema"].endswith(f"{DIRECTORY}.schema.json")
    assert [d["raison_sociale"] for d in data["donnees"]] == ["Garage Ouvert"]
    schema = client.get(f"{DIRECTORY}.schema.json").json()
    assert schema["licenses"][0]["name"] == "etalab-2.0"
    assert [f["name"] for f in schema["fields"]] == list(data["donnees"][0])


def test_the_files_follow_the_data_as_it_changes(client, directory):
    directory.public_listing = False
    directory.save()
    assert list(csv.DictReader(io.StringIO(body(client.get(f"{DIRECTORY}.csv"))))) == []


def test_the_calendar_lists_upcoming_sessions_with_places_left(client, school_a):
    training = TutorTrainingFactory(school=school_a, title="Accueillir un stagiaire", capacity=5)
    RegistrationFactory(training=training, contact__last_name="Personne-Privée")
    TutorTrainingFactory(school=school_a, past=True, title="Session passée")
    text = body(client.get(f"{CALENDAR}.csv"))
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["intitule"] for r in rows] == ["Accueillir un stagiaire"]
    assert rows[0]["places_restantes"] == "4" and rows[0]["lycee_uai"] == school_a.uai
    assert "attendus de la PFMP" in rows[0]["themes"]
    assert "Personne-Privée" not in text
    data = json.loads(body(client.get(f"{CALENDAR}.json")))
    assert data["donnees"][0]["places"] == 5


def test_the_documentation_page_describes_every_field(client, db):
    page = client.get("/donnees-ouvertes/").content.decode()
    assert "licence etalab-2.0" in page
    assert "lycees_partenaires_uai" in page and "places_restantes" in page
    assert client.get("/donnees-ouvertes/export/inconnu.csv").status_code == 404


def test_the_files_are_dsfr_download_links_with_their_format_and_weight(client, directory):
    html = client.get("/donnees-ouvertes/").content.decode()
    links = re.findall(r'<a class="fr-link fr-link--download" download href="([^"]+)">', html)
    assert f"{DIRECTORY}.csv" in links and f"{CALENDAR}.json" in links
    assert len(links) == 6  # CSV, JSON and schema of each dataset
    assert re.search(r'fr-link__detail">CSV – [\d,]+ (octets|ko)</span>', html)
    assert "Kio" not in html
    response = client.get(f"{DIRECTORY}.csv")
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="annuaire-entreprises-partenaires.csv"'
    )


def test_the_weight_shown_is_close_to_the_file_downloaded(client, directory):
    for _ in range(30):  # more rows than the sample the estimate encodes
        CompanyFactory(listed=True)
    real = len(body(client.get(f"{DIRECTORY}.json")).encode())
    estimate = size_estimates(DIRECTORY_DATASET)["json"]
    assert abs(estimate - real) < real * 0.2
    assert size_text(850) == "850 octets" and size_text(1_234_567) == "1,2 Mo"
    assert size_text(2_000) == "2 ko" and size_text(1) == "1 octet"


@pytest.mark.parametrize(
    "old, new",
    [
        ("annuaire-entreprises-partenaires.csv", f"{DIRECTORY}.csv"),
        ("calendrier-formations-tuteurs.json", f"{CALENDAR}.json"),
        ("annuaire-entreprises-partenaires.schema.json", f"{DIRECTORY}.schema.json"),
    ],
)
def test_the_first_addresses_of_the_files_redirect_for_good(client, db, old, new):
    response = client.get(f"/donnees-ouvertes/{old}?source=favori")
    assert response.status_code == 301
    assert response["Location"] == f"{new}?source=favori"


@pytest.mark.parametrize("size", [2, 10])
def test_open_data_queries_do_not_grow(client, school_a, django_assert_max_num_queries, size):
    for _ in range(size):
        PartnershipFactory(company=CompanyFactory(listed=True), school=school_a)
        TutorTrainingFactory(school=school_a)
    with django_assert_max_num_queries(3):
        assert body(client.get(f"{DIRECTORY}.csv")).count("\n") == size + 1
    with django_assert_max_num_queries(2):
        assert len(json.loads(body(client.get(f"{CALENDAR}.json")))["donnees"]) == size
    with django_assert_max_num_queries(QUERIES_OF_THE_INDEX):  # weights: a sample and a count
        assert client.get("/donnees-ouvertes/").status_code == 200
