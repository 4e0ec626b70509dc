import pytest

from api.models import ApiToken, key_hash
from api.services import api_token_create, api_token_revoke


def get(client, path, key, **params):
    return client.get(f"/api/v1{path}", params, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_without_a_valid_token_nothing_is_read(client, data):
    assert client.get("/api/v1/partenariats").status_code == 401
    response = get(client, "/partenariats", "pas-une-cle")
    assert response.status_code == 401 and "Garage" not in response.content.decode()


def test_a_school_token_reads_its_school_and_nothing_else(client, data, key_a, school_a):
    body = get(client, "/partenariats", key_a).json()
    assert body["count"] == 2
    assert {p["etablissement_uai"] for p in body["items"]} == {school_a.uai}
    names = {c["raison_sociale"] for c in get(client, "/entreprises", key_a).json()["items"]}
    assert names == {"Entreprise Alpha", "Garage Commun"}
    sessions = get(client, "/sessions", key_a).json()["items"]
    assert [s["intitule"] for s in sessions] == ["Session Alpha"]
    assert sessions[0]["places_prises"] == 1
    regs = get(client, "/inscriptions", key_a).json()["items"]
    assert [r["tuteur_nom"] for r in regs] == ["TuteurAlpha"]
    assert "email" not in regs[0] and "telephone" not in regs[0]
    # Asking for school B by filter or by id gives nothing.
    _, training_b = data["Bêta"]
    assert get(client, "/inscriptions", key_a, session_id=training_b.pk).json()["count"] == 0


def test_an_academy_token_reads_every_school(client, data, key_academy):
    assert get(client, "/partenariats", key_academy).json()["count"] == 4
    assert get(client, "/sessions", key_academy).json()["count"] == 2


def test_filters_and_pages(client, data, key_academy, school_b):
    body = get(client, "/partenariats", key_academy, etablissement_uai=school_b.uai, taille=1)
    body = body.json()
    assert body["count"] == 2 and len(body["items"]) == 1
    assert get(client, "/partenariats", key_academy, statut="actif").json()["count"] == 2
    assert get(client, "/entreprises", key_academy, nom="commun").json()["count"] == 1
    bad = get(client, "/partenariats", key_academy, statut="inconnu")
    assert bad.status_code == 422


def test_a_revoked_token_stops_at_once(client, data, school_a):
    token, key = api_token_create(name="ancien outil", school=school_a)
    assert get(client, "/partenariats", key).status_code == 200
    api_token_revoke(token=token)
    assert get(client, "/partenariats", key).status_code == 401
    token.refresh_from_db()
    assert token.last_used_at is not None and token.revoked_at is not None


def test_only_the_hash_of_the_key_is_stored(db):
    token, key = api_token_create(name="outil")
    assert key not in (token.key_hash, token.prefix) and token.key_hash == key_hash(key)
    assert token.prefix == key[:8]


def test_the_openapi_description_is_served(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/partenariats", "/api/v1/entreprises", "/api/v1/sessions"} <= set(spec["paths"])


def test_the_academy_admin_creates_and_revokes_a_token_in_the_admin(
    client, academy_admin, school_a, data
):
    client.force_login(academy_admin)
    page = client.post(
        "/admin/api-jetons/new/", {"name": "tableur du BDE", "school": school_a.pk}, follow=True
    ).content.decode()
    token = ApiToken.objects.get(name="tableur du BDE")
    assert token.school == school_a and token.created_by == academy_admin
    # The key in a read-only field with a copy button, and how to send it.
    key = page.split('id="cle-api" value="')[1].split('"')[0]
    assert "Copier la clé" in page
    assert f"Authorization: Bearer {key}" in page
    assert key_hash(key) == token.key_hash
    assert get(client, "/partenariats", key).json()["count"] == 2
    client.post(f"/admin/api-jetons/edit/{token.pk}/", {"name": "tableur du BDE", "revoke": "on"})
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert get(client, "/partenariats", key).status_code == 401


def test_a_school_user_has_no_token_screen(client, school_a):
    from etablissements.roles import Role
    from tests.etablissements.factories import staff_user

    client.force_login(staff_user(school_a, role=Role.DIRECTION))
    client.post("/admin/api-jetons/new/", {"name": "pirate"})
    assert not ApiToken.objects.exists()


@pytest.mark.parametrize("size", [1, 8])
def test_api_queries_do_not_grow(client, school_a, key_a, django_assert_max_num_queries, size):
    from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
    from tests.partenariats.factories import PartnershipFactory

    for _ in range(size):
        PartnershipFactory(school=school_a)
        RegistrationFactory(training=TutorTrainingFactory(school=school_a))
    for path in ("/partenariats", "/entreprises", "/sessions", "/inscriptions"):
        with django_assert_max_num_queries(4):
            assert get(client, path, key_a).json()["count"] == size


def test_the_token_screens_say_how_to_use_a_key_in_french(client, academy_admin, school_a, db):
    """Issue 27 §3, §11: the column headers are French; the list says how to send a key."""
    api_token_create(name="tableur", school=school_a)
    client.force_login(academy_admin)
    page = client.get("/admin/api-jetons/").content.decode()
    assert "Portée" in page and "Scope label" not in page and "Lycée Alpha" in page
    assert "Authorization: Bearer &lt;clé&gt;" in page
    assert "/api/v1/openapi.json" in page


def test_the_api_answers_in_french_where_it_starts_and_where_it_does_not_know(client, db):
    index = client.get("/api/v1/")
    assert index.status_code == 200
    assert "Authorization: Bearer <clé>" in index.json()["authentification"]
    assert "/api/v1/partenariats" in index.json()["points_d_acces"]
    missing = client.get("/api/v1/inconnu/")
    assert missing.status_code == 404
    assert "Not Found" not in missing.content.decode()
    unauthenticated = client.get("/api/v1/partenariats").json()["detail"]
    assert unauthenticated.startswith("Clé manquante ou non valable")
