import pytest
from django.utils import timezone

from etablissements import demo as schools_demo
from pacte import demo
from pacte.activity import lien_record
from pacte.models import Engagement, MissionLetter
from pacte.reminders import MissionLetterValidated

pytestmark = pytest.mark.django_db


def test_the_demo_teacher_has_a_validated_pacte_once():
    schools_demo.load()
    demo.load()
    demo.load()

    eng = Engagement.objects.with_related().get(
        teacher__username="enseignant", school_year__label="2026-2027"
    )
    assert eng.composition_label == "1 RCD + 3 face-à-face + 2 forfaits"
    assert eng.mission_letter.validated_by.username == "direction"
    record = lien_record(eng)
    assert record.targets == {
        "formations_animees": 2,
        "tuteurs_formes": 20,
        "partenariats_suivis": 10,
    }
    assert record.counts["actions_hors_portail"] == 2


def test_the_demo_shows_a_2023_pacte_with_two_lien_forfaits_and_a_2025_half_part():
    schools_demo.load()
    demo.load()
    old = Engagement.objects.with_related().get(
        teacher__username="enseignant", school_year__label="2023-2024"
    )
    assert {p.mission.code for p in old.lien_parts()} == {
        "lp-forfait-lien-tuteurs",
        "lp-forfait-lien-partenariats",
    }
    half = Engagement.objects.with_related().get(
        teacher__username="enseignant", school_year__label="2025-2026"
    )
    assert half.composition_label == "0,5 RCD + 3 face-à-face + 2 forfaits"
    assert [p.hours for p in half.parts.all() if p.mission.code == "lp-rcd"] == [9]


def test_the_demo_letters_were_signed_at_their_years_start_so_no_mail_calls_them_new():
    """The teacher's first reminder mail used to announce four letters "validated today"."""
    schools_demo.load()
    demo.load()
    letters = MissionLetter.objects.select_related("engagement__school_year")
    assert letters.count() >= 3
    assert all(letter.validated_at.date() < timezone.localdate() for letter in letters)
    assert not list(MissionLetterValidated().due(timezone.localdate()))
