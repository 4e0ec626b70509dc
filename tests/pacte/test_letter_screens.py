"""The direction validates a lettre de mission after reading what the teacher will receive."""

import datetime

import pytest

from pacte import services
from pacte.models import Engagement, MissionLetter
from tests.pacte.factories import SchoolFactory, direction, engagement, rbde, teacher, year

pytestmark = pytest.mark.django_db


def flat(response) -> str:
    return " ".join(response.content.decode().replace("\u202f", " ").replace("\xa0", " ").split())


def test_validating_a_letter_asks_for_confirmation_and_says_what_the_teacher_receives(client):
    school = SchoolFactory()
    boss = direction(school, first_name="Denis", last_name="Roux")
    user = teacher(school, first_name="Élise", last_name="Martin")
    eng = engagement(school, user=user, by=boss)
    url = f"/admin/pacte/engagement/{eng.pk}/lettre-de-mission/valider/"
    client.force_login(boss)

    page = flat(client.get(f"/admin/pacte/engagement/{eng.pk}/"))
    assert f'href="{url}">Valider la lettre de mission…</a>' in page
    page = flat(client.get(url))
    assert "Ce qu’Élise Martin recevra" in page
    assert "Vous allez valider la lettre de mission" in page
    assert "<strong>d’Élise Martin</strong> (" in page and "de <strong>Élise" not in page
    assert "Une rémunération annuelle de 7 500 € bruts (1 250 € par part" in page
    assert "Une composition de 6 parts : 1 RCD + 3 face-à-face + 2 forfaits" in page
    assert "dont 90 h de RCD et de face-à-face" in page  # 18 + 3 × 24
    assert "au plus tard le 2 octobre 2026" in page
    assert not MissionLetter.objects.filter(validated_at__isnull=False).exists()

    response = client.post(url, {}, follow=True)  # no confirmation: nothing validated
    assert "Confirmez la validation de la lettre de mission." in flat(response)
    assert not MissionLetter.objects.filter(validated_at__isnull=False).exists()

    response = client.post(url, {"confirmation": "oui"}, follow=True)
    assert "Lettre de mission validée : Élise Martin la retrouve dans « Ma mission Pacte »." in (
        flat(response)
    )
    letter = MissionLetter.objects.get(engagement=eng)
    assert letter.validated_by == boss

    other = engagement(school, by=boss)
    client.force_login(rbde(school))
    page = flat(client.get(f"/admin/pacte/engagement/{other.pk}/lettre-de-mission/valider/"))
    assert "Seule la direction de l’établissement valide" in page and "Je confirme" not in page


def test_the_direction_reopens_a_validated_letter_to_change_its_parts(client):
    school = SchoolFactory()
    boss = direction(school)
    eng = engagement(school, by=boss)
    letter = services.mission_letter_validate(
        letter=services.mission_letter_prepare(engagement=eng), by=boss
    )
    url = f"/admin/pacte/engagement/{eng.pk}/lettre-de-mission/valider/"

    client.force_login(rbde(school))
    page = flat(client.get(f"/admin/pacte/engagement/{eng.pk}/"))
    assert "Rouvrir la lettre de mission" not in page
    page = flat(client.post(url, {"rouvrir": "oui"}, follow=True))
    assert "Seule la direction de l’établissement rouvre une lettre de mission." in page
    letter.refresh_from_db()
    assert letter.is_validated

    client.force_login(boss)
    page = flat(client.get(f"/admin/pacte/engagement/{eng.pk}/"))
    assert f'href="{url}">Rouvrir la lettre de mission…</a>' in page
    assert "Composer le Pacte" not in page
    assert "Rouvrir la lettre de mission</button>" in flat(client.get(url))

    page = flat(client.post(url, {"rouvrir": "oui"}, follow=True))
    assert "Lettre de mission rouverte : changez les parts si besoin" in page
    assert "Composer le Pacte" in page and "Valider la lettre de mission…" in page
    letter.refresh_from_db()
    assert not letter.is_validated and letter.validated_by is None


def test_the_direction_carries_a_mission_over_within_the_years_rule(client):
    school = SchoolFactory()
    boss = direction(school)
    eng = engagement(school, school_year=year("2025-2026"), by=boss)
    client.force_login(boss)
    url = f"/admin/pacte/engagement/{eng.pk}/reporter/"
    page = flat(client.get(f"/admin/pacte/engagement/{eng.pk}/"))
    assert "terminer une mission non achevée jusqu’au 31 octobre 2026" in page

    response = client.post(url, {"until": "2026-11-15"}, follow=True)
    assert "Le report se termine entre le 01/09/2026 et le 31/10/2026" in flat(response)
    response = client.post(url, {"until": "2026-10-20"}, follow=True)
    assert "Missions reportées jusqu’au 20/10/2026." in flat(response)
    assert Engagement.objects.get(pk=eng.pk).carried_over_until == datetime.date(2026, 10, 20)
