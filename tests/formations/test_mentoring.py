"""Mentoring pairs: from an accepted offer, minors' data, the 6 months and the 2 h a month."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from formations import links, services
from formations.models import MentoringPair, MonthlyCheckIn, add_months
from formations.services import FormationError
from offres.models import SubmissionSchool
from tests.entreprises.factories import ContactFactory
from tests.formations.factories import MentoringPairFactory, MonthlyCheckInFactory
from tests.offres.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def accepted_answer(school, **details):
    offer = SubmissionFactory(kind="mentorat", schools=[school])
    if details:
        offer.details = {**offer.details, **details}
        offer.save(update_fields=["details"])
    answer = SubmissionSchool.objects.get(submission=offer, school=school)
    answer.status = "acceptee"
    answer.save(update_fields=["status"])
    return answer


def test_an_accepted_offer_becomes_pairs_with_the_offers_framing_mode_and_duration(school, teacher):
    answer = accepted_answer(school, duration_months=9, mode="distanciel")
    start = datetime.date(2026, 1, 15)

    pairs = services.mentoring_pairs_from_offer(
        answer=answer,
        students=[("Inès", "1re MELEC"), ("Yanis ", " 2de MELEC")],
        start_date=start,
        teacher=teacher,
    )

    assert [(p.student_first_name, p.student_class) for p in pairs] == [
        ("Inès", "1re MELEC"),
        ("Yanis", "2de MELEC"),
    ]
    pair = pairs[0]
    assert pair.mentor == answer.submission.contact
    assert pair.offer == answer.submission
    assert pair.framing_kind == "association" and pair.framing_name == "Association Article 1"
    assert pair.mode == "distance"
    assert pair.planned_end == datetime.date(2026, 10, 15)
    assert school in pair.mentor.schools.all()


def test_an_offer_not_accepted_or_not_mentoring_makes_no_pair(school):
    pending = accepted_answer(school)
    pending.status = "soumise"
    pending.save(update_fields=["status"])
    with pytest.raises(FormationError, match="acceptée"):
        services.mentoring_pairs_from_offer(
            answer=pending, students=[("Inès", "1re")], start_date=timezone.localdate()
        )
    other = accepted_answer(school)
    other.submission.kind = "cmq"
    other.submission.save(update_fields=["kind"])
    with pytest.raises(FormationError, match="pas une offre de mentorat"):
        services.mentoring_pairs_from_offer(
            answer=other, students=[("Inès", "1re")], start_date=timezone.localdate()
        )
    assert not MentoringPair.objects.exists()


def test_a_student_is_only_a_first_name_a_class_and_a_school():
    student_fields = {
        f.name for f in MentoringPair._meta.get_fields() if f.name.startswith("student")
    }
    assert student_fields == {"student_first_name", "student_class"}


def test_a_pair_lasts_six_months_at_least(school):
    mentor = ContactFactory(role="mentor")
    start = datetime.date(2026, 3, 31)
    with pytest.raises(FormationError, match="au moins 6 mois") as error:
        services.mentoring_pair_create(
            school=school,
            mentor=mentor,
            student_first_name="Inès",
            student_class="1re MELEC",
            framing_kind="association",
            mode="mixte",
            start_date=start,
            planned_end=datetime.date(2026, 9, 29),
        )
    assert error.value.field == "planned_end"
    assert "30/09/2026" in error.value.message  # 31 March + 6 months: the last day of September
    pair = services.mentoring_pair_create(
        school=school,
        mentor=mentor,
        student_first_name="Inès",
        student_class="1re MELEC",
        framing_kind="association",
        mode="mixte",
        start_date=start,
        planned_end=datetime.date(2026, 9, 30),
    )
    assert pair.minimum_end == add_months(start, 6)


def test_months_under_two_hours_are_flagged(school):
    pair = MentoringPairFactory(school=school)
    first = pair.start_date
    MonthlyCheckInFactory(pair=pair, month=first, hours=Decimal("2"))
    MonthlyCheckInFactory(pair=pair, month=add_months(first, 1), hours=Decimal("1.5"))
    MonthlyCheckInFactory(pair=pair, month=add_months(first, 2), hours=Decimal("0"))

    summary = MentoringPair.objects.with_checkin_summary().get(pk=pair.pk)
    assert summary.checkin_count == 3
    assert summary.total_hours == Decimal("3.5")
    assert summary.months_under_minimum == 2
    flags = dict(MonthlyCheckIn.objects.with_minimum_flag().values_list("month", "below_two_hours"))
    assert flags == {first: False, add_months(first, 1): True, add_months(first, 2): True}


def test_a_check_in_entered_again_replaces_the_first_and_bad_months_are_refused(school):
    pair = MentoringPairFactory(school=school)
    month = pair.start_date
    services.checkin_record(pair=pair, month=month + datetime.timedelta(days=5), hours=1)
    services.checkin_record(pair=pair, month=month, hours=Decimal("2.5"), note="Visite")
    assert list(pair.checkins.values_list("month", "hours")) == [(month, Decimal("2.5"))]
    with pytest.raises(FormationError, match="pas encore commencé"):
        services.checkin_record(pair=pair, month=add_months(timezone.localdate(), 1), hours=2)
    with pytest.raises(FormationError, match="n’avait pas encore commencé"):
        services.checkin_record(pair=pair, month=add_months(month, -1), hours=2)
    with pytest.raises(FormationError, match="négatif"):
        services.checkin_record(pair=pair, month=month, hours=-1)


def test_the_mentor_enters_the_month_from_the_mail_link_without_an_account(client, school):
    pair = MentoringPairFactory(school=school, student_first_name="Inès")
    url = links.checkin_url(pair).removeprefix("http://127.0.0.1:8000")
    page = client.get(url).content.decode()
    assert "Mentorat de <strong>Inès</strong>" in page

    month = timezone.localdate().replace(day=1)
    page = client.post(url, {"month": month.isoformat(), "hours": "1,5", "note": "Appel"})
    page = page.content.decode()
    assert "1,5 h enregistrées" in page
    assert "moins que les 2 heures" in page
    checkin = pair.checkins.get()
    assert checkin.hours == Decimal("1.5") and checkin.entered_by is None

    page = client.post(url, {"month": month.isoformat(), "hours": "abc"}).content.decode()
    assert "Saisissez un nombre" in page
    assert pair.checkins.get().hours == Decimal("1.5")

    forged = reverse("formations:checkin", args=[f"{pair.pk}:{pair.mentor_id}"])
    assert client.get(forged).status_code == 404


def test_the_rbde_makes_pairs_from_an_accepted_offer_in_the_admin(client, school, rbde, teacher):
    answer = accepted_answer(school)
    client.force_login(rbde)
    url = "/admin/formations/mentorat/depuis-une-offre/"
    assert answer.submission.company.name in client.get(url).content.decode()
    page = client.get("/admin/formations/mentorat/").content.decode()
    assert "Depuis une offre acceptée" in page

    data = {
        "answer": answer.pk,
        "students": "Inès 1re MELEC",
        "start_date": "2026-01-15",
        "teacher": teacher.pk,
    }
    page = client.post(url, data).content.decode()
    assert "Ligne 1 : écrivez le prénom, une virgule, puis la classe." in page
    assert "Inès 1re MELEC" in page  # what was typed is kept
    assert not MentoringPair.objects.exists()

    data["students"] = "Inès, 1re MELEC\n\nYanis, 2de MELEC"
    response = client.post(url, data, follow=True)
    assert "Binômes créés : 2." in response.content.decode()
    assert set(MentoringPair.objects.values_list("student_first_name", "teacher")) == {
        ("Inès", teacher.pk),
        ("Yanis", teacher.pk),
    }


def test_another_schools_offer_is_not_offered(client, school, other_school, rbde):
    theirs = accepted_answer(other_school)
    client.force_login(rbde)
    url = "/admin/formations/mentorat/depuis-une-offre/"
    assert theirs.submission.company.name not in client.get(url).content.decode()
    page = client.post(
        url, {"answer": theirs.pk, "students": "Inès, 1re", "start_date": "2026-01-15"}
    ).content.decode()
    assert "choix valide" in page
    assert not MentoringPair.objects.exists()


def test_a_mentors_check_in_restarts_the_rgpd_clock(school):
    from entreprises.models import Contact

    pair = MentoringPairFactory(school=school)
    Contact.objects.filter(pk=pair.mentor_id).update(last_activity_at=None)
    services.checkin_record(pair=pair, month=pair.start_date, hours=2)
    pair.mentor.refresh_from_db()
    assert pair.mentor.last_activity_at is not None
