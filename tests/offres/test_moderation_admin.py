"""The RBDE's moderation queue in the Wagtail admin: one school's rows, filters, answers."""

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dates import french_time
from etablissements.roles import Role
from offres.models import SubmissionEvent, SubmissionKind, SubmissionSchool, SubmissionStatus
from partenariats.models import Interaction, Partnership
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory, age

pytestmark = pytest.mark.django_db

INDEX = reverse("offres_moderation:index")


def edit_url(addressee):
    return reverse("offres_moderation:edit", args=[addressee.pk])


@pytest.fixture
def school_a():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def school_b():
    return SchoolFactory(name="Lycée Bêta")


@pytest.fixture
def client_a(client, school_a):
    client.force_login(staff_user(school_a, role=Role.RBDE))
    return client


def answer_of(submission, school):
    return SubmissionSchool.objects.get(submission=submission, school=school)


def test_the_queue_lists_only_the_schools_own_submissions(client_a, school_a, school_b):
    SubmissionFactory(company__name="Atelier Alpha", schools=[school_a])
    SubmissionFactory(company__name="Garage Bêta", schools=[school_b])
    both = SubmissionFactory(company__name="Chaudronnerie Commune", schools=[school_a, school_b])
    page = client_a.get(INDEX).content.decode()
    assert "Atelier Alpha" in page and "Chaudronnerie Commune" in page
    assert "Garage Bêta" not in page
    # The other school's copy of a shared submission is not reachable either.
    assert client_a.get(edit_url(answer_of(both, school_b))).status_code == 404
    other = SubmissionSchool.objects.get(submission__company__name="Garage Bêta")
    assert client_a.get(edit_url(other)).status_code == 404
    response = client_a.post(edit_url(other), {"status": "acceptee", "reason": ""})
    assert response.status_code == 404
    assert SubmissionSchool.objects.get(pk=other.pk).status == SubmissionStatus.SUBMITTED


def test_a_teacher_has_no_moderation_queue(client, school_a):
    client.force_login(staff_user(school_a, role=Role.TEACHER))
    SubmissionFactory(company__name="Atelier Alpha", schools=[school_a])
    response = client.get(INDEX)
    assert "Atelier Alpha" not in response.content.decode()


def test_filters_by_kind_status_and_age(client_a, school_a):
    SubmissionFactory(
        kind=SubmissionKind.MENTORING, company__name="Mentors Réunis", schools=[school_a]
    )
    old = SubmissionFactory(
        kind=SubmissionKind.PLACEMENT, company__name="Stages Anciens", schools=[school_a]
    )
    age(old, 10)
    refused = SubmissionFactory(
        kind=SubmissionKind.CMQ, company__name="Campus Refusé", schools=[school_a]
    )
    SubmissionSchool.objects.filter(submission=refused).update(status=SubmissionStatus.REFUSED)

    page = client_a.get(INDEX, {"kind": "mentorat"}).content.decode()
    assert "Mentors Réunis" in page and "Stages Anciens" not in page
    page = client_a.get(INDEX, {"age": "7"}).content.decode()
    assert "Stages Anciens" in page and "Mentors Réunis" not in page
    page = client_a.get(INDEX, {"status": "refusee"}).content.decode()
    assert "Campus Refusé" in page and "Mentors Réunis" not in page


def test_accepting_creates_the_partnership_and_logs_it(
    client_a, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    submission = SubmissionFactory(company__name="Atelier Alpha", schools=[school_a])
    addressee = answer_of(submission, school_a)
    page = client_a.get(edit_url(addressee)).content.decode()
    assert "Structure qui encadre les binômes" in page  # the kind's details, in French
    with django_capture_on_commit_callbacks(execute=True):
        response = client_a.post(edit_url(addressee), {"status": "acceptee", "reason": "Bienvenue"})
    assert response.status_code == 302
    assert answer_of(submission, school_a).status == SubmissionStatus.ACCEPTED
    partnership = Partnership.objects.get(school=school_a, company=submission.company)
    assert Interaction.objects.filter(partnership=partnership, note__contains="acceptée").exists()
    assert mailoutbox[0].to == [submission.contact.email]
    assert "acceptée" in mailoutbox[0].subject


def test_refusing_without_a_reason_says_so_and_changes_nothing(client_a, school_a):
    submission = SubmissionFactory(schools=[school_a])
    addressee = answer_of(submission, school_a)
    response = client_a.post(edit_url(addressee), {"status": "refusee", "reason": ""})
    assert "Indiquez le motif du refus" in response.content.decode()
    assert answer_of(submission, school_a).status == SubmissionStatus.SUBMITTED


def test_refusing_mails_the_reason(
    client_a, school_a, django_capture_on_commit_callbacks, mailoutbox
):
    submission = SubmissionFactory(schools=[school_a])
    addressee = answer_of(submission, school_a)
    with django_capture_on_commit_callbacks(execute=True):
        client_a.post(
            edit_url(addressee), {"status": "refusee", "reason": "Nos ateliers sont complets."}
        )
    assert answer_of(submission, school_a).status == SubmissionStatus.REFUSED
    assert "Nos ateliers sont complets." in mailoutbox[0].body


def test_a_withdrawn_submission_cannot_be_accepted(client_a, school_a):
    from offres.services import submission_withdraw

    submission = SubmissionFactory(schools=[school_a])
    submission_withdraw(submission=submission)
    addressee = answer_of(submission, school_a)
    response = client_a.post(edit_url(addressee), {"status": "acceptee", "reason": ""})
    assert "L’entreprise a retiré cette proposition." in response.content.decode()
    assert answer_of(submission, school_a).status == SubmissionStatus.SUBMITTED


def test_specialisation_follow_up_from_the_same_page(client_a, school_a):
    submission = SubmissionFactory(kind=SubmissionKind.SPECIALISATION, schools=[school_a])
    addressee = answer_of(submission, school_a)
    page = client_a.get(edit_url(addressee)).content.decode()
    assert "suivi de la demande de formation" in page
    client_a.post(
        edit_url(addressee),
        {
            "status": "acceptee",
            "reason": "",
            "followup_status": "transmise",
            "before_parcoursup": "on",
            "followup_comment": "Envoyée à la DAFPIC.",
        },
    )
    submission.refresh_from_db()
    assert submission.followup_status == "transmise"
    assert submission.before_parcoursup is True
    assert submission.sent_on_at is not None
    assert SubmissionEvent.objects.filter(
        submission=submission, field="followup", to_value="transmise"
    ).exists()
    page = client_a.get(INDEX, {"before_parcoursup": "true"}).content.decode()
    assert "transmise au rectorat / à la Région — avant Parcoursup" in page


def test_the_queue_has_no_add_nor_delete(client_a, school_a):
    submission = SubmissionFactory(schools=[school_a])
    page = client_a.get(INDEX).content.decode()
    assert reverse("offres_moderation:add") not in page
    addressee = answer_of(submission, school_a)
    assert client_a.get(reverse("offres_moderation:add")).status_code in (302, 403)
    assert client_a.get(reverse("offres_moderation:delete", args=[addressee.pk])).status_code in (
        302,
        403,
        404,
    )
    assert SubmissionSchool.objects.filter(pk=addressee.pk).exists()


def test_queue_queries_do_not_grow_with_the_rows(client_a, school_a, django_assert_max_num_queries):
    for n in (3, 30):
        for index in range(n):
            kind = list(SubmissionKind)[index % 8]
            SubmissionFactory(kind=kind, schools=[school_a])
        with django_assert_max_num_queries(25):
            page = client_a.get(INDEX).content.decode()
        assert page.count(reverse("offres_moderation:edit", args=[0]).replace("/0/", "/")) >= 3


def test_the_answer_page_queries_do_not_grow_with_its_history(
    client_a, school_a, django_assert_max_num_queries
):
    from offres.services import submission_update_details

    submission = SubmissionFactory(schools=[school_a])
    addressee = answer_of(submission, school_a)
    for n in (2, 20):
        for _ in range(n):
            submission_update_details(submission=submission, details=submission.details)
        with django_assert_max_num_queries(30):
            client_a.get(edit_url(addressee))


def test_diplomas_are_kept_per_school(client_a, school_a, school_b, django_assert_max_num_queries):
    from offres.models import SchoolDiploma

    url = reverse("offres_diplomes:index")
    for n in (2, 20):
        for index in range(n):
            SchoolDiploma.objects.create(school=school_a, name=f"CAP n°{n}-{index}")
            SchoolDiploma.objects.create(school=school_b, name=f"Bac pro Bêta {n}-{index}")
        with django_assert_max_num_queries(25):
            page = client_a.get(url).content.decode()
        assert "CAP n°2-0" in page and "Bac pro Bêta" not in page
    page = client_a.get(reverse("offres_diplomes:add")).content.decode()
    assert "Lycée Alpha" in page and "Lycée Bêta" not in page
    client_a.post(
        reverse("offres_diplomes:add"),
        {"school": school_b.pk, "name": "Intrus", "trade_area": ""},
    )
    assert not SchoolDiploma.objects.filter(name="Intrus").exists()


def test_the_answer_page_writes_hours_as_french_typography_does(client_a, school_a):
    """« le 07/12/2026 à 17 h 49 », not « 17:49 » (`date_fr`)."""
    submission = SubmissionFactory(schools=[school_a])
    at = timezone.localtime(submission.created_at)
    page = client_a.get(edit_url(answer_of(submission, school_a))).content.decode()
    assert f"{at:%d/%m/%Y} à {french_time(at)}" in page
    assert f"{at:%H:%M}" not in page
