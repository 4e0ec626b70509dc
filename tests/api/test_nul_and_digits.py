"""The API's filters: a NUL character is a 422 (as documented), fullwidth digits find the row."""

import pytest

from entreprises.models import Company

from .test_api import get

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "path,param",
    [
        ("/entreprises", "nom"),
        ("/entreprises", "siret"),
        ("/entreprises", "departement"),
        ("/partenariats", "etablissement_uai"),
        ("/sessions", "etablissement_uai"),
    ],
)
def test_a_nul_in_a_filter_is_a_422(client, data, key_a, path, param):
    response = get(client, path, key_a, **{param: "a\x00b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", param]


def test_the_openapi_description_documents_401_and_422(client, db):
    spec = client.get("/api/v1/openapi.json").json()
    for operations in spec["paths"].values():
        for operation in operations.values():
            assert {"200", "401", "422", "429"} <= set(operation["responses"])


def test_fullwidth_digits_find_the_company_and_the_school(client, data, key_a, school_a):
    company = Company.objects.get(name="Garage Commun")
    wide = "".join(chr(ord(c) + 0xFEE0) for c in company.siret)
    rows = get(client, "/entreprises", key_a, siret=wide).json()["items"]
    assert [r["siret"] for r in rows] == [company.siret]
    uai = "".join(chr(ord(c) + 0xFEE0) for c in school_a.uai)
    rows = get(client, "/partenariats", key_a, etablissement_uai=uai).json()["items"]
    assert rows and {r["etablissement_uai"] for r in rows} == {school_a.uai}
