"""Teachers' training in a company every three years (seed 004, Action 5): the last one, who
is due, the companies' offers suggested, seen and noted by the direction and the RBDE."""

import datetime

import pytest
from django.utils import timezone

from etablissements.roles import Role
from formations.services import (
    FormationError,
    immersions_of_school,
    teacher_immersion_record,
)
from offres.models import SubmissionKind, SubmissionSchool
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 7)


@pytest.fixture(autouse=True)
def today(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: TODAY)


@pytest.fixture
def school_with_teachers():
    school = SchoolFactory(name="LP Roland-Garros")
    rbde = staff_user(school, Role.RBDE)
    recent = staff_user(school, Role.TEACHER, first_name="Anne", last_name="Récente")
    old = staff_user(school, Role.TEACHER, first_name="Bruno", last_name="Ancien")
    never = staff_user(school, Role.TEACHER, first_name="Chloé", last_name="Jamais")
    offer = SubmissionFactory(kind=SubmissionKind.TEACHER_TRAINING, schools=[school])
    SubmissionSchool.objects.filter(submission=offer).update(status="acceptee")
    return school, rbde, recent, old, never, offer


def test_who_is_due_counts_three_years_from_the_last_immersion(school_with_teachers):
    school, rbde, recent, old, never, offer = school_with_teachers
    teacher_immersion_record(
        teacher=recent, school=school, occurred_on=datetime.date(2024, 3, 1), by=rbde
    )
    # Exactly three years ago: due again today.
    teacher_immersion_record(
        teacher=old, school=school, occurred_on=datetime.date(2023, 12, 7), by=rbde, offer=offer
    )
    state = immersions_of_school(school)
    due = {row.teacher.pk: (row.last, row.due) for row in state.rows}
    assert due[recent.pk] == (datetime.date(2024, 3, 1), False)
    assert due[old.pk] == (datetime.date(2023, 12, 7), True)
    assert due[never.pk] == (None, True)
    assert [o.pk for o in state.offers] == [offer.pk]


def test_only_the_direction_and_the_rbde_note_a_past_immersion(school_with_teachers):
    school, rbde, recent, *_ = school_with_teachers
    with pytest.raises(FormationError, match="Seuls la direction et le bureau"):
        teacher_immersion_record(teacher=recent, school=school, occurred_on=TODAY, by=recent)
    with pytest.raises(FormationError, match="dans le futur"):
        teacher_immersion_record(
            teacher=recent, school=school, occurred_on=TODAY + datetime.timedelta(days=1), by=rbde
        )
    outsider = staff_user(SchoolFactory(), Role.TEACHER)
    with pytest.raises(FormationError, match="pas enseignante"):
        teacher_immersion_record(teacher=outsider, school=school, occurred_on=TODAY, by=rbde)


def test_the_direction_sees_who_is_due_with_the_offers_and_a_teacher_does_not(
    client, school_with_teachers
):
    school, rbde, recent, old, never, offer = school_with_teachers
    boss = staff_user(school, Role.DIRECTION)
    client.force_login(boss)
    url = "/admin/formations/professeurs-en-entreprise/"
    html = client.get(url).content.decode()
    assert "Chloé Jamais" in html and "aucune notée" in html
    assert "3 enseignants à prévoir sur 3" in html
    assert offer.company.name in html and "Les véhicules électriques" in html
    response = client.post(
        url + f"?etablissement={school.pk}",
        {"teacher": never.pk, "occurred_on": "2026-11-20", "format": "visite", "offer": offer.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "Formation en entreprise notée." in html and "20/11/2026" in html
    assert "2 enseignants à prévoir sur 3" in html
    # A teacher who is due sees their own line and the offers suggested to them, nothing else.
    client.force_login(old)
    html = client.get(url).content.decode()
    assert "Une formation est à prévoir" in html and offer.company.name in html
    assert "Chloé Jamais" not in html and "Noter une formation" not in html
    assert client.post(url, {"teacher": old.pk}).status_code in (302, 403)
    client.force_login(staff_user(SchoolFactory(), Role.INSPECTOR))
    assert client.get(url).status_code in (302, 403)
