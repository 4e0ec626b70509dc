"""The leading teacher's pages: sessions, attendance sheet (one tap), PDFs, certificates."""

import datetime
import io
import re

import pytest
from django.urls import reverse
from pypdf import PdfReader

from courriels.models import Email
from etablissements.roles import Role
from formations.models import Registration
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import staff_user
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory, in_days

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


@pytest.fixture
def training(school, teacher):
    training = TutorTrainingFactory(
        school=school, leaders=[teacher], title="Accueillir en bac pro MELEC"
    )
    RegistrationFactory(
        training=training, contact__first_name="Jeanne", contact__last_name="Dupont"
    )
    RegistrationFactory(training=training, contact__first_name="Marc", contact__last_name="Petit")
    return training


def test_the_public_cannot_open_the_sheet(client, training):
    response = client.get(reverse("formations:attendance_sheet", args=[training.pk]))
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_teacher_sees_the_sessions_they_lead(teacher_client, training, other_school):
    TutorTrainingFactory(school=other_school, title="Session d’un autre lycée")
    page = teacher_client.get(reverse("formations:staff_trainings")).content.decode()
    assert "Accueillir en bac pro MELEC" in page and "vous animez" in page
    assert "2 / 10 inscrits" in page
    assert "Session d’un autre lycée" not in page


def test_one_tap_marks_a_tutor_and_the_sheet_says_so(teacher_client, training, teacher):
    url = reverse("formations:attendance_sheet", args=[training.pk])
    page = teacher_client.get(url).content.decode()
    assert "DUPONT Jeanne" in page and "PETIT Marc" in page
    assert "0 présent</strong> sur 2 inscrits" in page
    jeanne = training.registrations.get(contact__last_name="Dupont")

    response = teacher_client.post(
        reverse("formations:attendance_mark", args=[jeanne.pk]), {"statut": "present"}, follow=True
    )
    page = response.content.decode()
    assert "Jeanne Dupont : présent." in page
    assert "1 présent</strong> sur 2 inscrits" in page
    jeanne.refresh_from_db()
    assert jeanne.status == "present" and jeanne.attendance_marked_by == teacher
    training.refresh_from_db()
    assert training.attendance_recorded_at is not None

    teacher_client.post(reverse("formations:attendance_mark", args=[jeanne.pk]), {"statut": "x"})
    jeanne.refresh_from_db()
    assert jeanne.status == "present"


def test_a_tutor_is_added_on_the_spot_and_errors_keep_the_input(
    teacher_client, training, teacher, mailoutbox
):
    url = reverse("formations:attendance_sheet", args=[training.pk])
    data = {
        "ajout-first_name": "Nadia",
        "ajout-last_name": "Sur-Place",
        "ajout-email": "nadia@garage.example",
        "ajout-siret": "12345678901234",
        "ajout-company_name": "Garage Nadia",
        "ajout-student_diploma": "",
        "ajout-oral_consent": "on",
    }
    page = teacher_client.post(url, data).content.decode()
    assert "clé de contrôle est fausse" in page and 'value="Garage Nadia"' in page
    assert not Registration.objects.filter(contact__last_name="Sur-Place").exists()

    data["ajout-siret"] = valid_siret(77)
    del data["ajout-oral_consent"]  # the teacher did not ask: nobody is added
    page = teacher_client.post(url, data).content.decode()
    assert "Demandez d’abord à la personne si le lycée peut garder ses coordonnées" in page
    assert not Registration.objects.filter(contact__last_name="Sur-Place").exists()

    data["ajout-oral_consent"] = "on"
    page = teacher_client.post(url, data, follow=True).content.decode()
    assert "présence enregistrée" in page and "ajouté sur place" in page
    added = Registration.objects.get(contact__last_name="Sur-Place")
    assert added.status == "present" and added.added_on_site
    # The consent record: how (orally, on site), by whom (the teacher), when (now).
    contact = added.contact
    assert contact.consent_method == "sur_place"
    assert contact.get_consent_method_display().startswith("accord oral, sur place")
    assert contact.consent_recorded_by == teacher
    assert contact.consent_given_at is not None
    assert contact.consent_given_at >= added.attendance_marked_at - datetime.timedelta(seconds=5)
    # And the privacy notice, through the outbox.
    (notice,) = [m for m in mailoutbox if m.to == ["nadia@garage.example"]]
    assert notice.subject == "Formation des tuteurs : vos coordonnées et vos droits"
    assert "Vous avez accepté, à l’oral, que le lycée garde vos coordonnées" in notice.body
    assert "Garage Nadia" in notice.body and "trois ans" in notice.body
    assert "/donnees-personnelles/" in notice.body
    assert Email.objects.for_object(added).get().to_email == "nadia@garage.example"


def test_the_sign_in_sheet_pdf_lists_the_tutors(teacher_client, training, teacher):
    response = teacher_client.get(reverse("formations:sign_in_sheet", args=[training.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Feuille d’émargement" in text and "Accueillir en bac pro MELEC" in text
    assert "DUPONT Jeanne" in text and "PETIT Marc" in text
    assert "Élise Martin" in text  # the leading teacher


def test_certificates_are_sent_from_the_sheet_after_the_session(
    teacher_client, school, teacher, django_capture_on_commit_callbacks, mailoutbox
):
    training = TutorTrainingFactory(school=school, leaders=[teacher], past=True)
    present = RegistrationFactory(training=training, status="present")
    RegistrationFactory(training=training, status="excuse")
    url = reverse("formations:send_certificates", args=[training.pk])
    with django_capture_on_commit_callbacks(execute=True):
        page = teacher_client.post(url, follow=True).content.decode()
    assert "Attestations envoyées : 1." in page
    assert [m.to for m in mailoutbox] == [[present.contact.email]]
    assert "Attestation de présence" in pdf_text(mailoutbox[0].attachments[0][1])


@pytest.mark.parametrize("rows", [2, 20])
def test_the_teachers_pages_do_not_grow_with_rows(
    teacher_client, school, teacher, rows, django_assert_max_num_queries
):
    training = TutorTrainingFactory(school=school, leaders=[teacher], starts_at=in_days(3))
    for _ in range(rows):
        RegistrationFactory(training=training)
        TutorTrainingFactory(school=school, leaders=[teacher])
    with django_assert_max_num_queries(10):
        teacher_client.get(reverse("formations:staff_trainings"))
    with django_assert_max_num_queries(12):
        page = teacher_client.get(reverse("formations:attendance_sheet", args=[training.pk]))
    assert page.content.decode().count('name="statut" value="present"') == rows


def test_a_teacher_cannot_mark_another_schools_tutor(teacher_client, other_school):
    theirs = RegistrationFactory(training=TutorTrainingFactory(school=other_school))
    url = reverse("formations:attendance_mark", args=[theirs.pk])
    assert teacher_client.post(url, {"statut": "present"}).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "inscrit"


def _crumbs(page: str) -> str:
    start = page.index("fr-breadcrumb__list")
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page[start : page.index("</ol>", start)]))


def test_the_staff_pages_have_a_breadcrumb_that_names_them(teacher_client, training):
    page = teacher_client.get(reverse("formations:staff_trainings")).content.decode()
    assert "Formations des tuteurs de mon lycée" in _crumbs(page)
    assert " Page " not in _crumbs(page)
    url = reverse("formations:attendance_sheet", args=[training.pk])
    crumbs = _crumbs(teacher_client.get(url).content.decode())
    assert "Formations des tuteurs de mon lycée" in crumbs
    assert "Accueillir en bac pro MELEC" in crumbs


def test_the_attendance_menu_item_is_for_those_who_take_attendance(client, school, teacher):
    item = '"name": "mes-feuilles-de-presence"'  # the sidebar's entry, in its JSON props

    def menu(user) -> str:
        client.force_login(user)
        return client.get(reverse("wagtailadmin_home")).content.decode()

    assert item in menu(teacher)
    assert item in menu(staff_user(school, role=Role.RBDE))
    page = menu(staff_user(school, role=Role.DIRECTION))
    assert item not in page and '"label": "Formations et mentorat"' in page


def test_the_walk_in_form_of_a_past_session_speaks_to_the_teacher(teacher_client, school, teacher):
    """Issue 27 §12: no tutor-facing agenda text on the form the teacher fills in afterwards."""
    past = TutorTrainingFactory(school=school, leaders=[teacher], past=True)
    page = teacher_client.get(reverse("formations:attendance_sheet", args=[past.pk]))
    html = page.content.decode()
    form = html.split('id="ajout"', 1)[1].split("</form>", 1)[0]
    assert "invitation pour votre agenda" not in form and "lien d’annulation" not in form
    assert "l’élève que vous accueillez" not in form
    assert "Celui du tuteur : il y recevra ce que le lycée fait de ses données" in form
    assert "Diplôme préparé par l’élève que le tuteur accueille" in form
    # The teacher's phone does not fill in the teacher's own name and address.
    for name in ("first_name", "last_name", "email"):
        field = re.search(rf'<input[^>]+name="ajout-{name}"[^>]*>', form).group(0)
        assert 'autocomplete="off"' in field
    # The public registration form keeps its words for the tutor.
    public = TutorTrainingFactory(school=school, starts_at=in_days(10))
    assert (
        "invitation pour votre agenda"
        in teacher_client.get(
            reverse("formations:training_detail", args=[public.pk])
        ).content.decode()
    )
