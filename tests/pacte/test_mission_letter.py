import io

import pytest
from pypdf import PdfReader

from pacte.pdf import mission_letter_pdf
from pacte.services import (
    PacteError,
    engagement_set_parts,
    mission_letter_prepare,
    mission_letter_reopen,
    mission_letter_validate,
)
from tests.pacte.factories import SchoolFactory, direction, engagement, rbde, reference_specs

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    assert data.startswith(b"%PDF-")
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


def test_the_lettre_de_mission_pdf_lists_each_mission_with_place_periodicity_and_results():
    eng = engagement()
    eng.teacher.first_name, eng.teacher.last_name = "Élise", "Martin"
    eng.teacher.save()
    letter = mission_letter_prepare(engagement=eng)

    text = pdf_text(mission_letter_pdf(letter))

    assert "Lettre de mission — Pacte en lycée professionnel" in text
    assert "Élise Martin" in text and "2026-2027" in text
    assert "1 RCD + 3 face-à-face + 2 forfaits" in text
    assert "7 500 € bruts (1 250 € par part, plafond 7 500 €)" in text
    assert "7500" not in text
    assert "Remplacement de courte durée" in text
    assert "Faire vivre le lien établissement – entreprise" in text
    assert "Lycée et entreprises partenaires" in text
    assert "Toute l’année" in text
    assert "Deux sessions de formation des tuteurs, dix partenariats suivis." in text
    assert "non encore validée" in text


def test_the_direction_validates_the_letter_and_the_pdf_says_who_and_when():
    school = SchoolFactory()
    boss = direction(school, first_name="Denis", last_name="Roux")
    eng = engagement(school, by=boss)
    letter = mission_letter_prepare(engagement=eng)
    assert mission_letter_prepare(engagement=eng) == letter  # one per teacher and year

    with pytest.raises(PacteError, match="Seule la direction"):
        mission_letter_validate(letter=letter, by=rbde(school))
    with pytest.raises(PacteError, match="Seule la direction"):
        mission_letter_validate(letter=letter, by=eng.teacher)
    with pytest.raises(PacteError, match="Seule la direction"):
        mission_letter_validate(letter=letter, by=direction(SchoolFactory()))

    letter = mission_letter_validate(letter=letter, by=boss)
    assert letter.validated_by == boss and letter.validated_at is not None
    text = pdf_text(mission_letter_pdf(letter))
    assert "Lettre validée par Denis Roux le" in text

    with pytest.raises(PacteError, match="déjà validée"):
        mission_letter_validate(letter=letter, by=boss)
    # A validated letter freezes the parts until the direction reopens it.
    with pytest.raises(PacteError, match="rouvrir"):
        engagement_set_parts(engagement=eng, parts=reference_specs(), by=boss)
    mission_letter_reopen(letter=letter, by=boss)
    engagement_set_parts(engagement=eng, parts=reference_specs(), by=boss)


def test_no_letter_without_parts():
    from pacte.services import engagement_create
    from tests.pacte.factories import profile, teacher, year

    school = SchoolFactory()
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year(), by=direction(school))
    with pytest.raises(PacteError, match="Composez d’abord le Pacte"):
        mission_letter_prepare(engagement=eng)
