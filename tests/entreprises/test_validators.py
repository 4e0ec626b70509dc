import pytest
from django.core.exceptions import ValidationError

from entreprises.models import Company
from entreprises.validators import (
    departement_code,
    departement_from_postcode,
    naf_section,
    normalize_naf,
    postcode_in_departement,
    validate_naf,
    validate_siret,
)
from tests.entreprises.factories import CompanyFactory, valid_siret


@pytest.mark.parametrize("siret", ["73282932000074", "732 829 320 00074", valid_siret(5)])
def test_valid_sirets_pass(siret):
    validate_siret(siret)


@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("7328293200007", "vous en avez saisi 13"),
        ("732829320000745", "vous en avez saisi 15"),
        ("73282932000075", "clé de contrôle est fausse"),
        ("73282932100074", "dès le SIREN"),
        ("7328293200007A", "que des chiffres"),
    ],
)
def test_wrong_sirets_say_what_is_wrong_in_french(siret, message):
    with pytest.raises(ValidationError) as error:
        validate_siret(siret)
    assert message in " ".join(error.value.messages)


@pytest.mark.parametrize(
    ("postcode", "departement"),
    [
        ("31000", "31"),
        ("01000", "01"),
        ("20000", "2A"),
        ("20167", "2A"),
        ("20200", "2B"),
        ("20600", "2B"),
        ("97400", "974"),
        ("97600", "976"),
        ("98800", "988"),
        ("", ""),
        ("3100", ""),
    ],
)
def test_departement_is_derived_from_the_postcode(postcode, departement):
    assert departement_from_postcode(postcode) == departement


@pytest.mark.django_db
def test_a_typed_departement_finds_the_postcodes_departement_from_postcode_gives():
    assert [departement_code(t) for t in (" 2a", "31", "974", "20", "99", "310", "")] == [
        "2A", "31", "974", None, None, None, None,
    ]  # fmt: skip
    postcodes = ["20000", "20167", "20200", "20600", "31000", "97400", "98800"]
    for n, postcode in enumerate(postcodes):
        CompanyFactory(postcode=postcode, name=f"Entreprise {n}")
    for code in ("2A", "2B", "31", "974", "988"):
        found = Company.objects.filter(postcode_in_departement(code)).values_list(
            "postcode", flat=True
        )
        assert sorted(found) == [p for p in postcodes if departement_from_postcode(p) == code]


def test_naf_codes_are_normalised_and_give_their_section():
    assert normalize_naf("4321a") == "43.21A"
    assert naf_section("43.21A") == "F"
    assert naf_section("56.10A") == "I"
    with pytest.raises(ValidationError, match="4 chiffres et une lettre"):
        validate_naf("ABCD")


def test_a_company_derives_siren_section_and_departement(db):
    from tests.entreprises.factories import CompanyFactory

    company = CompanyFactory(siret="732 829 320 00074", naf_code="5610a", postcode="20090")
    company.refresh_from_db()
    assert (company.siret, company.siren) == ("73282932000074", "732829320")
    assert (company.naf_code, company.naf_section, company.departement) == ("56.10A", "I", "2A")
