"""The tutor's end-of-period appraisal: one mail per tutor and period (first name and initial
only), a signed link that expires, is used once and refuses tampering; a form that keeps what
was typed; read by the school's RBDE and the referent teacher only."""

import datetime
import re

import pytest
from django.core import signing
from django.utils import timezone

from etablissements.roles import Role
from offres.links import espace_token
from pfmp.links import APPRAISAL_LINK_DAYS
from pfmp.models import TutorAppraisal
from pfmp.services import appraisals_request
from pfmp.tasks import appraisals_request_task
from portal.celery import BEAT_SCHEDULE
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user

from .factories import PeriodFactory, PlacementFactory, PupilFactory, SchoolClassFactory, tutor_of

pytestmark = pytest.mark.django_db

COMMENT = "Très motivée ; prévenir plus tôt des dates."


@pytest.fixture
def ended():
    """A period ended yesterday: two pupils hosted by one tutor, one by another."""
    today = timezone.localdate()
    school_class = SchoolClassFactory(name="1MELEC")
    period = PeriodFactory(
        school_class=school_class,
        start=today - datetime.timedelta(days=28),
        end=today - datetime.timedelta(days=1),
    )
    company = CompanyFactory(name="Garage Ouvert")
    tutor = tutor_of(company, first_name="Paul", email="paul@garage.example")
    other_tutor = tutor_of(company, first_name="Inès", email="ines@garage.example")
    teacher = staff_user(school_class.school, Role.TEACHER)
    pupils = [
        PupilFactory(school_class=school_class, first_name=first, last_name=last)
        for first, last in (("Léa", "Martin"), ("Hugo", "Dupont"), ("Zoé", "Bernard"))
    ]
    placements = [
        PlacementFactory(
            pupil=pupil,
            period=period,
            status=status,
            company=company,
            tutor=who,
            referent_teacher=teacher,
        )
        for pupil, who, status in zip(
            pupils,
            (tutor, tutor, other_tutor),
            ("en_cours", "terminee", "convention"),
            strict=True,
        )
    ]
    return period, placements, teacher


def _links(body: str) -> list[str]:
    return re.findall(r"http\S*/pfmp/appreciation/[^/\s]+/", body)


def _path(link: str) -> str:
    return link[link.index("/pfmp/") :]


def _link_for(body: str, name: str) -> str:
    line = next(line for line in body.splitlines() if line.startswith(f"- {name}"))
    return _path(_links(line)[0])


def test_one_mail_per_tutor_and_period_with_first_names_and_initials_once(ended, mailoutbox):
    period, placements, _ = ended
    today = timezone.localdate()
    not_ended = PeriodFactory(
        school_class=period.school_class, start=today, end=today + datetime.timedelta(3)
    )
    PlacementFactory(
        pupil=placements[0].pupil,
        period=not_ended,
        status="en_cours",
        company=placements[0].company,
        tutor=placements[0].tutor,
    )
    PlacementFactory(period=period, pupil=PupilFactory(school_class=period.school_class))
    assert appraisals_request(today=today) == 2
    assert appraisals_request(today=today) == 0  # not re-sent
    assert TutorAppraisal.objects.count() == 3
    assert len(mailoutbox) == 2
    paul = next(m for m in mailoutbox if m.to == ["paul@garage.example"])
    assert "votre appréciation sur 2 élèves" in paul.subject
    assert "Léa M., classe 1MELEC" in paul.body and "Hugo D., classe 1MELEC" in paul.body
    assert "Martin" not in paul.body and "Dupont" not in paul.body and "Zoé" not in paul.body
    assert len(_links(paul.body)) == 2
    assert f"valables {APPRAISAL_LINK_DAYS} jours" in paul.body
    assert "/desabonnement/" in paul.body and paul.extra_headers.get("List-Unsubscribe")
    ines = next(m for m in mailoutbox if m.to == ["ines@garage.example"])
    assert "sur Zoé B." in ines.subject and "Bernard" not in ines.body + ines.subject
    assert "pfmp.tasks.appraisals_request" in {e["task"] for e in BEAT_SCHEDULE.values()}
    assert appraisals_request_task() == 0


def test_the_form_keeps_what_was_typed_and_the_link_serves_once(client, ended, mailoutbox):
    period, placements, _ = ended
    appraisals_request(today=timezone.localdate())
    paul = next(m for m in mailoutbox if m.to == ["paul@garage.example"])
    url = _link_for(paul.body, "Léa M.")
    page = client.get(url).content.decode()
    assert "Léa M." in page and "Martin" not in page and "Garage Ouvert" in page
    response = client.post(
        url, {"days_done": "99", "attendance": "quelques", "progress": "", "comment": COMMENT}
    )
    page = response.content.decode()
    assert response.status_code == 200 and "Le formulaire contient des erreurs" in page
    assert COMMENT in page
    assert re.search(r'value="quelques"[^>]*checked', page)
    assert 'value="99"' in page
    assert TutorAppraisal.objects.filter(submitted_at__isnull=False).count() == 0
    valid = {
        "days_done": "18",
        "attendance": "quelques",
        "progress": "bien",
        "host_again": "oui",
        "comment": COMMENT,
    }
    page = client.post(url, valid).content.decode()
    assert "votre appréciation est enregistrée" in page
    appraisal = TutorAppraisal.objects.get(placement=placements[0])
    assert (appraisal.days_done, appraisal.host_again, appraisal.comment) == (18, "oui", COMMENT)
    used = client.post(url, {**valid, "days_done": "1"})
    assert used.status_code == 410 and "Appréciation déjà donnée" in used.content.decode()
    assert TutorAppraisal.objects.get(pk=appraisal.pk).days_done == 18


def test_an_expired_or_tampered_link_says_so_in_french(client, ended, mailoutbox, monkeypatch):
    old = signing.time.time() - (APPRAISAL_LINK_DAYS + 1) * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: old)
        appraisals_request(today=timezone.localdate())
    paul = next(m for m in mailoutbox if m.to == ["paul@garage.example"])
    url = _link_for(paul.body, "Léa M.")
    expired = client.get(url)
    assert expired.status_code == 410
    page = expired.content.decode()
    assert "Ce lien a expiré" in page and "Recevoir un nouveau lien" in page
    assert "Martin" not in page and "paul@garage.example" not in page
    tampered = client.get(url[:-3] + "xx/")
    assert tampered.status_code == 403 and "mal copié" in tampered.content.decode()
    assert client.get("/pfmp/appreciation/abime/").status_code == 403
    sent = len(mailoutbox)
    again = client.post(url)
    assert again.status_code == 200 and "Nouveau lien envoyé" in again.content.decode()
    fresh = mailoutbox[sent:]
    assert [m.to for m in fresh] == [["paul@garage.example"]]
    assert "Léa M." in fresh[0].body and "Hugo" not in fresh[0].body
    assert client.get(_link_for(fresh[0].body, "Léa M.")).status_code == 200


def test_an_expired_link_long_after_the_placement_is_not_sent_again(
    client, ended, mailoutbox, monkeypatch
):
    period, _, _ = ended
    old = signing.time.time() - (APPRAISAL_LINK_DAYS + 1) * 24 * 3600
    with monkeypatch.context() as patch:
        patch.setattr(signing.time, "time", lambda: old)
        appraisals_request(today=timezone.localdate())
    type(period).objects.filter(pk=period.pk).update(
        start=period.start - datetime.timedelta(days=120),
        end=period.end - datetime.timedelta(days=120),
    )
    url = _link_for(mailoutbox[0].body, mailoutbox[0].body.split("- ")[1].split(",")[0])
    page = client.get(url).content.decode()
    assert "écrivez au bureau des entreprises" in page and "Recevoir un nouveau lien" not in page
    sent = len(mailoutbox)
    assert client.post(url).status_code == 410 and len(mailoutbox) == sent


def test_the_appraisal_is_read_by_the_school_and_the_referent_teacher_only(client, ended):
    period, placements, teacher = ended
    appraisals_request(today=timezone.localdate())
    appraisal = TutorAppraisal.objects.get(placement=placements[0])
    appraisal.days_done, appraisal.progress, appraisal.host_again = 18, "bien", "oui"
    appraisal.attendance, appraisal.comment = "reguliere", COMMENT
    appraisal.submitted_at = timezone.now()
    appraisal.save()
    school = period.school_class.school
    url = f"/admin/pfmp/tableau/eleve/{placements[0].pupil_id}/"
    for who, user in {"rbde": staff_user(school, Role.RBDE), "référent": teacher}.items():
        client.force_login(user)
        page = client.get(url).content.decode()
        assert "Appréciation du tuteur" in page and "Très motivée" in page, who
    page = client.get("/admin/pfmp/tableau/mes-eleves/").content.decode()
    assert "Très motivée" in page  # the teacher's phone page
    # Said of a pupil of either sex (« L’élève s’en est sorti » was said of Inès).
    assert "Déroulement de la période : bien" in page and "s’en est sorti" not in page
    for user in (staff_user(SchoolFactory(), Role.RBDE), staff_user(school, Role.TEACHER)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404
        assert "Très motivée" not in client.get("/admin/pfmp/tableau/mes-eleves/").content.decode()
    client.logout()
    assert client.get(url).status_code == 302  # to the login page
    company_page = client.get(f"/pfmp/entreprise/{espace_token(placements[0].tutor_id)}/")
    assert "Très motivée" not in company_page.content.decode()


def test_the_appraisal_goes_with_the_pupil_and_its_link_then_says_so(client, ended, mailoutbox):
    _, placements, _ = ended
    appraisals_request(today=timezone.localdate())
    paul = next(m for m in mailoutbox if m.to == ["paul@garage.example"])
    url = _link_for(paul.body, "Léa M.")
    placements[0].pupil.delete()
    assert not TutorAppraisal.objects.filter(placement=placements[0].pk).exists()
    gone = client.get(url)
    assert (
        gone.status_code == 404 and "n’est plus dans les listes du lycée" in gone.content.decode()
    )
