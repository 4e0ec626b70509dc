"""Identifiers typed in other digits (fullwidth, superscript) and NUL characters: the same
record, or a 400, never a second record or a 500."""

import pytest
from django.core.exceptions import ValidationError

from common.identifiers import email_normalize, parse_id
from entreprises.models import Company
from entreprises.services import company_find_or_create
from entreprises.validators import normalize_siret, validate_siret
from etablissements.models import School
from etablissements.selectors import whole_uai
from etablissements.validators import normalize_uai, validate_uai
from offres.models import Submission
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.etablissements.factories import SchoolFactory
from tests.offres.test_public_forms import URL, mentoring_post

pytestmark = pytest.mark.django_db


def fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in text)


def test_a_fullwidth_siret_is_the_same_company():
    siret = valid_siret(11)
    wide = fullwidth(siret)
    assert wide != siret and normalize_siret(wide) == siret
    validate_siret(wide)
    existing = CompanyFactory(siret=siret)
    assert company_find_or_create(siret=wide, defaults={"name": "Doublon"})[0] == existing


def test_digits_that_nfkc_does_not_make_ascii_are_refused():
    arabic_indic = "".join(chr(0x0660 + int(c)) for c in valid_siret(11))
    with pytest.raises(ValidationError):
        validate_siret(arabic_indic)
    with pytest.raises(ValidationError):
        validate_uai("٠٣١٠٠٤٤X")


def test_a_fullwidth_uai_is_the_same_school():
    school = SchoolFactory()
    assert normalize_uai(fullwidth(school.uai.lower())) == school.uai
    validate_uai(fullwidth(school.uai))
    assert School.objects.filter(uai=normalize_uai(fullwidth(school.uai))).get() == school


def test_ids_read_through_nfkc_and_bounded():
    assert parse_id("¹") == 1 and parse_id("１２") == 12 and parse_id(" 7 ") == 7
    assert parse_id("٣") is None and parse_id("0") is None and parse_id("9" * 20) is None
    assert parse_id("1e3") is None and parse_id(None) is None


def test_the_public_form_files_a_fullwidth_siret_under_the_existing_company(client):
    school = SchoolFactory()
    siret = valid_siret(11)
    company = CompanyFactory(siret=siret, name="Atelier Garonne")
    response = client.post(URL, mentoring_post(school, siret=fullwidth(siret)))
    assert response.status_code == 302
    assert Company.objects.count() == 1
    assert Submission.objects.get().company == company


@pytest.mark.parametrize("value", ["¹", "٣", "１", "9" * 30, "-1"])
def test_odd_school_ids_in_the_form_are_no_server_error(client, value):
    school = SchoolFactory()
    assert client.get(URL, {"schools": value}).status_code == 200
    response = client.post(URL, mentoring_post(school, schools=[value]))
    assert response.status_code in (200, 302)
    if response.status_code == 200:
        assert (
            "Ce lycée n’existe pas" in response.content.decode() or not Submission.objects.exists()
        )


def test_a_superscript_school_id_ticks_that_school(client):
    school = SchoolFactory()
    response = client.post(URL, mentoring_post(school, schools=[fullwidth(str(school.pk))]))
    assert response.status_code == 302
    assert list(Submission.objects.get().schools.all()) == [school]


@pytest.mark.parametrize(
    "url",
    [
        "/entreprises/demandes-de-formation/?metier=%00",
        "/entreprises/demandes-de-formation/?ville=%00",
        "/entreprises/demandes-de-formation/?%00=1",
        "/formations/tuteurs/lycee/%00/agenda.ics",
        "/entreprises/proposer/mentorat/?ville=a%00b",
        "/entreprises-partenaires/?q=%00",
    ],
)
def test_a_nul_byte_in_a_path_or_filter_is_a_400(client, url):
    response = client.get(url)
    assert response.status_code == 400
    assert "Demande incorrecte" in response.content.decode()


def test_an_ordinary_filter_still_works(client):
    assert client.get("/entreprises/demandes-de-formation/?ville=Toulouse").status_code == 200


def test_emails_lower_only_ascii():
    assert email_normalize(" Camille.Agent@AC-Toulouse.FR ") == "camille.agent@ac-toulouse.fr"
    assert email_normalize("\u212aarim@x.fr") != "karim@x.fr"


def test_a_schools_feed_and_filters_read_a_fullwidth_uai(client):
    school = SchoolFactory()
    assert whole_uai(fullwidth(school.uai.lower())) == school.uai
    response = client.get(f"/formations/tuteurs/lycee/{fullwidth(school.uai)}/agenda.ics")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
