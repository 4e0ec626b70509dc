"""Composing a teacher's Pacte on screen: French messages, typed input kept, nothing half-saved."""

import pytest

from pacte.models import Engagement, Mission
from tests.pacte.factories import (
    FAF,
    LIEN,
    RCD,
    TUTORAT,
    SchoolFactory,
    direction,
    mission,
    rbde,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db


def composition(school_year=None, **parts) -> dict:
    """POST data: the year's active missions at 0 parts, except those given (code -> parts)."""
    data = {}
    for m in Mission.objects.active().for_year(school_year or year()):
        data[f"m{m.pk}_parts"] = parts.get(m.code, 0)
        for name in ("place", "periodicity", "expected_results"):
            data[f"m{m.pk}_{name}"] = ""
    return data


def reference(**extra) -> dict:
    counts = {RCD: 1, FAF[0]: 1, FAF[1]: 1, FAF[2]: 1, LIEN: 1, TUTORAT: 1}
    return {**composition(**counts), **extra}


@pytest.fixture
def opened():
    school = SchoolFactory()
    boss = direction(school)
    user = teacher(school, first_name="Élise", last_name="Martin")
    return school, boss, user


def test_the_direction_opens_and_composes_a_pacte(client, opened):
    school, boss, user = opened
    client.force_login(boss)

    html = client.get(f"/admin/pacte/nouveau/?etablissement={school.pk}").content.decode()
    assert "Élise Martin" in html
    response = client.post(
        f"/admin/pacte/nouveau/?etablissement={school.pk}&annee=2026-2027",
        {"teacher": user.pk, "status": "autre"},
    )
    assert "n’ouvre pas droit au Pacte" in response.content.decode()
    assert not Engagement.objects.exists()
    response = client.post(
        f"/admin/pacte/nouveau/?etablissement={school.pk}&annee=2026-2027",
        {"teacher": user.pk, "status": "plp"},
    )
    eng = Engagement.objects.get()
    assert response["Location"] == f"/admin/pacte/engagement/{eng.pk}/composer/"

    url = f"/admin/pacte/engagement/{eng.pk}/composer/"
    lien = mission(LIEN)
    data = reference(
        **{
            f"m{lien.pk}_place": "Lycée et entreprises",
            f"m{lien.pk}_expected_results": "Deux formations de tuteurs",
            f"m{lien.pk}_formations_animees": 2,
        }
    )
    html = client.post(url, data, follow=True).content.decode()
    assert "Pacte composé." in html
    assert eng.parts.count() == 6
    part = eng.parts.get(mission=lien)
    assert part.targets == {"formations_animees": 2}
    assert part.expected_results == "Deux formations de tuteurs"


def test_a_bad_composition_says_why_and_keeps_what_was_typed(client, opened):
    school, boss, user = opened
    from tests.pacte.factories import profile, year

    profile(user, school)
    from pacte.services import engagement_create

    eng = engagement_create(teacher=user, school=school, school_year=year(), by=boss)
    url = f"/admin/pacte/engagement/{eng.pk}/composer/"
    rcd = mission(RCD)
    client.force_login(boss)

    too_many = reference(**{f"m{rcd.pk}_parts": 2, f"m{rcd.pk}_place": "Salle 12 tapée"})
    html = client.post(url, too_many).content.decode().replace("\xa0", " ")
    assert "au plus 6 parts en 2026-2027 ; cette composition en compte 7" in html
    assert "Salle 12 tapée" in html
    assert eng.parts.count() == 0

    # Another mix within the hard rules: the reference is a guide, no dérogation asked.
    fewer = composition(**{RCD: 1, FAF[0]: 3})
    html = client.post(url, {**fewer, "action": "recalculer"}).content.decode()
    assert "Repère : la composition de référence" in html and "Dérogation" not in html
    client.force_login(rbde(school))
    html = client.post(url, fewer, follow=True).content.decode()
    assert "Pacte composé." in html
    assert eng.parts.count() == 2


def test_another_schools_direction_cannot_compose(client, opened):
    school, boss, user = opened
    from pacte.services import engagement_create
    from tests.pacte.factories import profile, year

    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year(), by=boss)
    other = SchoolFactory()
    client.force_login(direction(other))
    url = f"/admin/pacte/engagement/{eng.pk}/composer/"
    assert client.get(url).status_code == 404
    assert client.post(url, reference()).status_code == 404
    html = client.get(f"/admin/pacte/nouveau/?etablissement={other.pk}").content.decode()
    assert "Élise Martin" not in html
    assert client.get(f"/admin/pacte/nouveau/?etablissement={school.pk}").status_code == 404


def test_only_the_direction_and_the_rbde_are_offered_to_compose(client, opened):
    school, boss, user = opened
    from pacte.services import engagement_create
    from tests.pacte.factories import profile, year

    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year(), by=boss)
    url = f"/admin/pacte/engagement/{eng.pk}/"
    for who, offered in ((boss, True), (rbde(school), True), (user, False)):
        client.force_login(who)
        assert ("Composer le Pacte" in client.get(url).content.decode()) is offered
