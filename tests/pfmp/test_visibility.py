"""Pupils are minors: who reads their names. The school's RBDE and direction, the teachers
who follow them; never another school, the académie, a public page, the open data or the API.
Their rows are deleted after the retention period the « Données personnelles » page states."""

import datetime

import pytest

from api.services import api_token_create
from etablissements.roles import Role
from home.content import PERSONAL_DATA_BODY
from pfmp.models import Placement, Pupil, TutorAppraisal
from pfmp.services import PUPIL_RETENTION_DAYS, placement_assign, pupils_delete_expired
from pfmp.tasks import pupils_delete_expired_task
from portal.celery import BEAT_SCHEDULE
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db

NAME = "Zéphyrine"


@pytest.fixture
def placed():
    period = PeriodFactory(school_class=SchoolClassFactory(name="1MELEC"))
    pupil = PupilFactory(school_class=period.school_class, first_name=NAME, last_name="Quarz")
    company = CompanyFactory(listed=True, name="Garage Ouvert")
    PartnershipFactory(school=period.school_class.school, company=company)
    teacher = staff_user(period.school_class.school, Role.TEACHER)
    placement_assign(pupil=pupil, period=period, company=company, referent_teacher=teacher)
    return pupil, teacher


def test_pupils_are_read_by_their_schools_rbde_direction_and_referent_teacher(placed):
    pupil, teacher = placed
    school = pupil.school_class.school
    readers = {
        "rbde": staff_user(school, Role.RBDE),
        "direction": staff_user(school, Role.DIRECTION),
        "référent": teacher,
    }
    for who, user in readers.items():
        assert list(Pupil.objects.for_user(user)) == [pupil], who
        assert Placement.objects.for_user(user).count() == 1, who
    others = {
        "autre lycée": staff_user(SchoolFactory(), Role.RBDE),
        "autre enseignant": staff_user(school, Role.TEACHER),
        "inspecteur": staff_user(school, Role.INSPECTOR),
        "académie": UserFactory(is_superuser=True),
    }
    for who, user in others.items():
        assert not Pupil.objects.for_user(user).exists(), who
        assert not Placement.objects.for_user(user).exists(), who


def test_the_company_sees_a_first_name_and_an_initial(placed):
    pupil, _ = placed
    assert pupil.short_name == f"{NAME} Q."


def test_no_public_page_open_data_or_api_shows_a_pupil(client, placed, site):
    pupil, _ = placed
    # The tutor's appraisal of the pupil stays with the school as well.
    TutorAppraisal.objects.create(
        placement=Placement.objects.get(pupil=pupil), comment="Quarz arrive en retard"
    )
    pages = [
        "/",
        "/entreprises-partenaires/",
        "/donnees-ouvertes/",
        "/donnees-ouvertes/export/annuaire-entreprises-partenaires.csv",
        "/donnees-ouvertes/export/annuaire-entreprises-partenaires.json",
        "/donnees-ouvertes/export/calendrier-formations-tuteurs.csv",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        content = (
            b"".join(response.streaming_content) if response.streaming else response.content
        ).decode()
        assert NAME not in content and "Quarz" not in content, url
    assert "Garage Ouvert" in client.get("/entreprises-partenaires/").content.decode()
    school_key = api_token_create(name="tableur", school=pupil.school_class.school)[1]
    academy_key = api_token_create(name="rectorat")[1]
    for key in (school_key, academy_key):
        for path in ("/partenariats", "/entreprises", "/sessions", "/inscriptions"):
            response = client.get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}")
            assert response.status_code == 200, path
            assert NAME not in response.content.decode(), path
    schema = client.get("/api/v1/openapi.json").content.decode()
    assert "pupil" not in schema.lower() and "élève" not in schema.lower()


def test_pupils_are_deleted_after_their_last_periods_year_and_the_retention_period():
    period = PeriodFactory(end=datetime.date(2027, 6, 18), start=datetime.date(2027, 5, 24))
    pupil = PupilFactory(school_class=period.school_class)
    placement_assign(pupil=pupil, period=period, company=CompanyFactory())
    kept = PupilFactory(school_class=SchoolClassFactory(school_year="2027-2028"))
    end_of_year = datetime.date(2027, 8, 31)
    last_day = end_of_year + datetime.timedelta(days=PUPIL_RETENTION_DAYS)
    assert pupils_delete_expired(today=last_day) == 0
    assert pupils_delete_expired(today=last_day + datetime.timedelta(days=1)) == 1
    assert list(Pupil.objects.all()) == [kept]
    assert not Placement.objects.exists()  # deleted, not hidden


def test_the_deletion_runs_every_night_and_the_page_states_the_period(monkeypatch):
    entry = next(e for e in BEAT_SCHEDULE.values() if e["task"] == pupils_delete_expired_task.name)
    assert entry["schedule"].hour == {3}
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: datetime.date(2040, 1, 1))
    PupilFactory()
    assert pupils_delete_expired_task() == 1
    assert f"{PUPIL_RETENTION_DAYS} jours après la fin de l’année scolaire" in PERSONAL_DATA_BODY
