import pytest
from django.core.exceptions import ValidationError

from etablissements.models import School
from etablissements.validators import uai_check_letter, validate_uai


def test_check_letter_is_the_number_modulo_23():
    assert uai_check_letter("0750655") == "E"


@pytest.mark.parametrize("code", ["0750655E", "0750655e", " 0750655E ", "0310047H"])
def test_valid_uai_codes_pass(code):
    validate_uai(code)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("0750655F", "la lettre attendue est E"),
        ("075065E", "vous en avez saisi 7"),
        ("07506550E", "vous en avez saisi 9"),
        ("", "vous en avez saisi 0"),
        ("A750655E", "7 chiffres suivis d’une lettre"),
        ("07506551", "7 chiffres suivis d’une lettre"),
    ],
)
def test_wrong_uai_codes_are_refused_with_a_french_reason(code, expected):
    with pytest.raises(ValidationError) as error:
        validate_uai(code)
    assert expected in " ".join(error.value.messages)


def test_a_school_is_stored_with_its_uai_in_capitals(db):
    school = School.objects.create(
        uai="0750655e", name="LP Test", kind="LP", town="Paris", academy="Paris"
    )
    assert School.objects.get(pk=school.pk).uai == "0750655E"


def test_the_admin_form_refuses_a_wrong_uai_and_keeps_what_was_typed(client, db):
    from tests.etablissements.factories import UserFactory

    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    response = client.post(
        "/admin/etablissements/new/",
        {
            "uai": "0750655F",
            "name": "Lycée des métiers du bois",
            "kind": "LP",
            "town": "Paris",
            "academy": "Paris",
        },
    )
    html = response.content.decode()

    assert "la lettre attendue est E" in html
    assert 'value="Lycée des métiers du bois"' in html
    assert 'value="0750655F"' in html
    assert not School.objects.filter(name="Lycée des métiers du bois").exists()
