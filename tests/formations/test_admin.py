"""Staff screens (Wagtail admin): school isolation, forms, invitations, bounded queries."""

import datetime

import pytest
from django.utils import timezone

from etablissements.services import diploma_find_or_create
from formations.models import Invitation, MonthlyCheckIn, TutorTraining
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.formations.factories import (
    EventFactory,
    InvitationFactory,
    MentoringPairFactory,
    MonthlyCheckInFactory,
    RegistrationFactory,
    TutorTrainingFactory,
    in_days,
)
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(school, other_school):
    mine = TutorTrainingFactory(school=school, title="Session Alpha")
    theirs = TutorTrainingFactory(school=other_school, title="Session Bêta")
    RegistrationFactory(training=theirs, contact__last_name="Secretbeta")
    their_pair = MentoringPairFactory(school=other_school, student_first_name="Zoé")
    MonthlyCheckInFactory(pair=their_pair, note="Note de Bêta")
    their_event = EventFactory(school=other_school, title="Forum Bêta")
    InvitationFactory(event=their_event, email="invite@beta.example")
    MentoringPairFactory(school=school, student_first_name="Inès")
    EventFactory(school=school, title="Forum Alpha")
    return {"mine": mine, "theirs": theirs, "their_pair": their_pair, "their_event": their_event}


LISTS = [
    ("/admin/formations/sessions/", "Session Alpha", "Session Bêta"),
    ("/admin/formations/inscriptions/", None, "Secretbeta"),
    ("/admin/formations/mentorat/", "Inès", "Zoé"),
    ("/admin/formations/points-mensuels/", None, "Note de Bêta"),
    ("/admin/formations/evenements/", "Forum Alpha", "Forum Bêta"),
    ("/admin/formations/invitations/", None, "invite@beta.example"),
]


@pytest.mark.parametrize("url,mine,theirs", LISTS)
def test_each_list_shows_only_the_users_school(rbde_client, rows, url, mine, theirs):
    page = rbde_client.get(url).content.decode()
    assert theirs not in page
    if mine:
        assert mine in page


def test_another_schools_rows_are_not_found_by_id(rbde_client, rows):
    for url in (
        f"/admin/formations/sessions/edit/{rows['theirs'].pk}/",
        f"/admin/formations/mentorat/edit/{rows['their_pair'].pk}/",
        f"/admin/formations/evenements/edit/{rows['their_event'].pk}/",
        f"/admin/formations/evenements/{rows['their_event'].pk}/inviter/",
        f"/formations/animation/{rows['theirs'].pk}/presence/",
        f"/formations/animation/{rows['theirs'].pk}/emargement.pdf",
    ):
        response = rbde_client.get(url)
        assert response.status_code == 404, url
        assert "Bêta" not in response.content.decode()


def test_the_sessions_export_holds_only_the_users_school(rbde_client, rows):
    response = rbde_client.get("/admin/formations/sessions/", {"export": "csv"})
    csv = b"".join(response.streaming_content).decode()
    assert "Session Alpha" in csv and "Session Bêta" not in csv


def test_a_session_is_created_with_teachers_of_the_school_only(rbde_client, school, teacher, rbde):
    start = in_days(20)
    melec = diploma_find_or_create(label="bac pro MELEC")
    data = {
        "school": school.pk,
        "title": "Évaluer l’élève en PFMP",
        "starts_at": start.strftime("%Y-%m-%d %H:%M"),
        "ends_at": (start + datetime.timedelta(hours=3)).strftime("%Y-%m-%d %H:%M"),
        "place": "Salle B12",
        "remote_url": "",
        "capacity": "12",
        "leaders": [rbde.pk],
        "topics": ["evaluation", "sante_securite"],
        "diplomas": [melec.pk],
        "description": "",
    }
    # The RBDE is not offered as a leader: only the teachers of the user's schools are.
    page = rbde_client.post("/admin/formations/sessions/new/", data).content.decode()
    assert "choix valide" in page
    assert not TutorTraining.objects.exists()

    data["leaders"] = [teacher.pk]
    rbde_client.post("/admin/formations/sessions/new/", data)
    training = TutorTraining.objects.get()
    assert list(training.leaders.all()) == [teacher]
    assert training.topics == ["evaluation", "sante_securite"]
    assert list(training.diplomas.all()) == [melec]


def test_an_event_is_organised_by_teachers_of_its_school_only(
    rbde_client, school, other_school, teacher
):
    from etablissements.roles import Role
    from formations.models import Event
    from tests.etablissements.factories import staff_user

    elsewhere = staff_user(other_school, role=Role.TEACHER, last_name="Ailleurs")
    data = {
        "school": school.pk,
        "kind": "rentree",
        "title": "Petit-déjeuner des partenaires",
        "starts_at": in_days(15).strftime("%Y-%m-%d %H:%M"),
        "place": "CDI",
        "organisers": [elsewhere.pk],
        "description": "",
    }
    form = rbde_client.get("/admin/formations/evenements/new/").content.decode()
    assert "Martin" in form and "Ailleurs" not in form
    page = rbde_client.post("/admin/formations/evenements/new/", data).content.decode()
    assert "choix valide" in page and "Petit-déjeuner des partenaires" in page
    assert not Event.objects.exists()

    data["organisers"] = [teacher.pk]
    rbde_client.post("/admin/formations/evenements/new/", data)
    assert list(Event.objects.get().organisers.all()) == [teacher]


def test_a_teacher_enters_a_check_in_and_months_under_2_hours_are_flagged(client, school, teacher):
    pair = MentoringPairFactory(school=school, teacher=teacher, student_first_name="Inès")
    client.force_login(teacher)
    month = pair.start_date + datetime.timedelta(days=40)
    response = client.post(
        "/admin/formations/points-mensuels/new/",
        {"pair": pair.pk, "month": month.isoformat(), "hours": "1.5", "note": "Visite"},
    )
    assert response.status_code == 302
    checkin = MonthlyCheckIn.objects.get()
    assert checkin.month == month.replace(day=1) and checkin.entered_by == teacher

    page = client.get("/admin/formations/points-mensuels/").content.decode()
    assert "moins de 2 h" in page
    page = client.get("/admin/formations/mentorat/").content.decode()
    assert "Inès" in page

    future = timezone.localdate() + datetime.timedelta(days=45)
    page = client.post(
        "/admin/formations/points-mensuels/new/",
        {"pair": pair.pk, "month": future.isoformat(), "hours": "3", "note": ""},
    ).content.decode()
    assert "Ce mois n’a pas encore commencé" in page
    assert MonthlyCheckIn.objects.count() == 1


def test_partners_are_invited_by_status_sector_and_label(
    rbde_client, school, other_school, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(school=school, title="Semaine des LP")
    active = PartnershipFactory(
        school=school, company=CompanyFactory(name="Active CMQ", label_cmq=True)
    )
    ContactFactory(company=active.company, schools=[school], email="active@x.example")
    prospect = PartnershipFactory(school=school, prospect=True, company=CompanyFactory(name="Pro"))
    ContactFactory(company=prospect.company, schools=[school], email="prospect@x.example")
    PartnershipFactory(school=school, company=CompanyFactory(name="Sans contact"))
    elsewhere = PartnershipFactory(school=other_school, company=CompanyFactory(name="Ailleurs"))
    ContactFactory(company=elsewhere.company, schools=[other_school], email="ailleurs@x.example")
    url = f"/admin/formations/evenements/{event.pk}/inviter/"

    page = rbde_client.get(url, {"status": "actif"}).content.decode()
    assert "Active CMQ" in page and "Sans contact" in page
    assert "Pro" not in page.split("retenu")[1] and "Ailleurs" not in page
    page = rbde_client.get(url, {"label": "cmq"}).content.decode()
    assert "Active CMQ" in page and "Sans contact" not in page

    with django_capture_on_commit_callbacks(execute=True):
        response = rbde_client.post(f"{url}?status=actif", follow=True)
    assert "Invitations envoyées : 1." in response.content.decode()
    assert "Sans contact avec courriel : Sans contact." in response.content.decode()
    assert [m.to for m in mailoutbox] == [["active@x.example"]]
    assert "/formations/evenements/reponse/" in mailoutbox[0].body
    assert list(Invitation.objects.values_list("email", flat=True)) == ["active@x.example"]


def _fill(school, size):
    for _ in range(size):
        training = TutorTrainingFactory(school=school)
        RegistrationFactory(training=training)
        pair = MentoringPairFactory(school=school)
        MonthlyCheckInFactory(pair=pair, hours=1)
        event = EventFactory(school=school)
        InvitationFactory(event=event)


@pytest.mark.parametrize("size", [2, 20])
def test_staff_lists_do_not_grow_with_rows(
    rbde_client, school, size, django_assert_max_num_queries
):
    _fill(school, size)
    for url, _, _ in LISTS:
        with django_assert_max_num_queries(14):
            page = rbde_client.get(url)
        assert page.status_code == 200


def test_the_session_list_summarises_the_tutors_feedback(rbde_client, school):
    from formations import services

    training = TutorTrainingFactory(school=school, past=True, title="Session passée")
    for satisfaction in (5, 4):
        registration = RegistrationFactory(training=training, status="present")
        services.feedback_submit(registration=registration, satisfaction=satisfaction)
    RegistrationFactory(training=training, status="absent")
    page = rbde_client.get("/admin/formations/sessions/").content.decode()
    assert "4,5 / 5 (2 avis)" in page
    assert "3 / 10" in page  # the absent tutor held a place too


def test_a_list_opened_for_one_event_shows_its_invitations_and_no_hidden_filter(
    rbde_client, school
):
    forum, salon = EventFactory(school=school), EventFactory(school=school)
    InvitationFactory(event=forum, email="forum@garage.example")
    InvitationFactory(event=salon, email="salon@garage.example")

    html = rbde_client.get(f"/admin/formations/invitations/?event={forum.pk}").content.decode()
    assert "forum@garage.example" in html and "salon@garage.example" not in html
    # The event comes from the link: no entry of the filter menu, no label for a hidden input.
    assert "n° de l’événement" not in html and 'name="event"' not in html
    for value in ("¹", "abc", "-1"):
        html = rbde_client.get(f"/admin/formations/invitations/?event={value}").content.decode()
        assert "forum@garage.example" not in html
