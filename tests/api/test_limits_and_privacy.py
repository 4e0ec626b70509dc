"""The API's rate limit (per token, per address without a token) and what a registration
carries (whole names only for the session's own school)."""

import pytest

from api.services import api_token_create
from home.content import site_ensure_home


def get(client, path, key=None, **params):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key else {}
    return client.get(f"/api/v1{path}", params, **headers)


@pytest.fixture
def low_limits(settings):
    settings.API_RATE_PER_TOKEN = "3/m"
    settings.API_RATE_PER_ADDRESS = "2/m"


def test_a_token_over_its_limit_gets_a_french_429_with_retry_after(client, data, key_a, low_limits):
    for _ in range(3):
        assert get(client, "/partenariats", key_a).json()["count"] == 2
    response = get(client, "/partenariats", key_a)
    assert response.status_code == 429
    body = response.json()
    assert "Trop d’appels" in body["detail"] and "items" not in body
    assert 1 <= int(response["Retry-After"]) <= 60
    assert body["reessayer_dans_secondes"] == int(response["Retry-After"])


def test_the_limit_is_per_token(client, data, key_a, school_b, low_limits):
    for _ in range(4):
        get(client, "/partenariats", key_a)
    key_b = api_token_create(name="tableur Bêta", school=school_b)[1]
    assert get(client, "/partenariats", key_b).json()["count"] == 2


def test_calls_without_a_valid_token_are_limited_per_address(client, data, key_a, low_limits):
    assert get(client, "/partenariats").status_code == 401
    assert get(client, "/partenariats", "pas-une-cle").status_code == 401
    response = get(client, "/partenariats", "encore-une")
    assert response.status_code == 429 and response.has_header("Retry-After")
    # Once over, even the right key is not looked at from that address: guessing learns nothing.
    assert get(client, "/partenariats", key_a).status_code == 429
    # Another address is not held back.
    other = client.get(
        "/api/v1/partenariats", HTTP_AUTHORIZATION=f"Bearer {key_a}", REMOTE_ADDR="10.0.0.9"
    )
    assert other.json()["count"] == 2


def test_the_openapi_description_is_limited_per_address(client, db, low_limits):
    assert client.get("/api/v1/openapi.json").json()["info"]["title"]
    client.get("/api/v1/openapi.json")
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 429 and "Trop d’appels" in response.json()["detail"]


def test_the_description_says_what_a_registration_carries_and_the_limits(client, db):
    description = client.get("/api/v1/openapi.json").json()["info"]["description"]
    assert "initiales" in description and "Retry-After" in description


def test_a_registration_names_the_tutor_for_its_school_only(client, data, key_a, key_academy):
    own = get(client, "/inscriptions", key_a).json()["items"]
    assert [(r["tuteur_nom"], r["entreprise_nom"]) for r in own] == [
        ("TuteurAlpha", "Entreprise Alpha")
    ]
    assert not {"email", "courriel", "telephone"} & set(own[0])
    academy = get(client, "/inscriptions", key_academy).json()["items"]
    assert sorted(r["tuteur_nom"] for r in academy) == ["T.", "T."]
    assert all(len(r["tuteur_prenom"]) <= 2 for r in academy)
    text = get(client, "/inscriptions", key_academy).content.decode()
    assert "TuteurAlpha" not in text and "TuteurBêta" not in text


def test_another_schools_token_never_sees_a_registration(client, data, school_b):
    key_b = api_token_create(name="tableur Bêta", school=school_b)[1]
    _, training_a = data["Alpha"]
    body = get(client, "/inscriptions", key_b).json()
    assert [r["tuteur_nom"] for r in body["items"]] == ["TuteurBêta"]
    assert get(client, "/inscriptions", key_b, session_id=training_a.pk).json()["count"] == 0
    assert "TuteurAlpha" not in get(client, "/inscriptions", key_b, taille=200).content.decode()


def test_the_personal_data_page_names_the_api_as_a_recipient(client, db):
    site_ensure_home()
    text = client.get("/donnees-personnelles/").content.decode()
    assert "API" in text and "initiales" in text
