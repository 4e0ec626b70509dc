"""The RBDE sees the school's Pacte engagements (who follows what), never a teacher's pay."""

import pytest

from tests.pacte import factories as pacte

pytestmark = pytest.mark.django_db


@pytest.fixture
def school_pacte():
    school = pacte.SchoolFactory()
    boss = pacte.direction(school)
    teacher = pacte.teacher(school, first_name="Élise", last_name="Martin")
    engagement = pacte.engagement(school, user=teacher, by=boss)
    return school, boss, teacher, engagement


def _page(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


def test_the_rbde_sees_engagements_but_no_euros(client, school_pacte):
    school, _, _, engagement = school_pacte
    rbde = pacte.rbde(school)

    listing = _page(client, rbde, "/admin/pacte/")
    record = _page(client, rbde, f"/admin/pacte/engagement/{engagement.pk}/")
    letter = client.get(f"/admin/pacte/engagement/{engagement.pk}/lettre-de-mission.pdf")

    assert "Élise Martin" in listing
    assert "Rémunération" not in listing and "€" not in listing
    assert "Rémunération" not in record and "€" not in record
    assert letter.status_code == 302 and letter["Content-Type"] != "application/pdf"


@pytest.mark.parametrize("who", ["direction", "teacher"])
def test_the_direction_and_the_teacher_see_the_amount(client, school_pacte, who):
    _, boss, teacher, engagement = school_pacte
    user = boss if who == "direction" else teacher

    record = _page(client, user, f"/admin/pacte/engagement/{engagement.pk}/")

    assert "Rémunération annuelle" in record
    assert "7500" in record.replace("\u202f", "").replace(" ", "").replace(",00", "").replace(
        ".00", ""
    )
