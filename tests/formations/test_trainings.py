import datetime
import io

import pytest
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader

from entreprises.models import Company, Contact
from formations import services
from formations.models import Registration, RegistrationStatus
from formations.services import FormationError
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory


def register(training, n, **kwargs):
    data = {
        "first_name": "Paul",
        "last_name": f"Tuteur{n}",
        "email": f"tuteur{n}@entreprise.example",
        "siret": valid_siret(500 + n),
        "company_name": f"Entreprise {n}",
        "student_diploma": "bac pro MELEC",
    }
    data.update(kwargs)
    return services.training_register_tutor(training=training, **data)


def pdf_text(data: bytes) -> str:
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def training(school, teacher):
    return TutorTrainingFactory(school=school, capacity=2, leaders=[teacher])


def test_registration_finds_the_company_by_siret_and_links_the_tutor_to_the_school(
    training, school, django_capture_on_commit_callbacks, mailoutbox
):
    company = CompanyFactory(siret=valid_siret(42), name="Électricité du Midi")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(training, 1, siret=valid_siret(42), company_name="")

    assert registration.status == RegistrationStatus.REGISTERED
    assert registration.contact.company == company
    assert list(registration.contact.schools.all()) == [school]
    assert registration.contact.consent_given_at is not None
    assert mailoutbox[0].to == ["tuteur1@entreprise.example"]
    assert "Votre inscription à la formation des tuteurs est confirmée" in mailoutbox[0].body


def test_unknown_siret_creates_the_company_and_the_same_email_is_the_same_person(training):
    first = register(training, 1, siret="  " + valid_siret(43), company_name="Plomberie Garonne")
    other = TutorTrainingFactory(school=training.school)
    second = register(other, 1, siret=valid_siret(43), company_name="")

    assert Company.objects.get(siret=valid_siret(43)).name == "Plomberie Garonne"
    assert first.contact == second.contact
    assert Contact.objects.filter(email="tuteur1@entreprise.example").count() == 1


def test_unknown_siret_without_a_name_or_a_wrong_siret_is_refused_in_french(training):
    with pytest.raises(FormationError, match="indiquez le nom de l’entreprise") as error:
        register(training, 1, company_name="")
    assert error.value.field == "company_name"
    with pytest.raises(FormationError, match="clé de contrôle est fausse"):
        register(training, 2, siret="12345678901234")


def test_a_full_session_puts_the_next_tutors_on_the_waiting_list_in_order(
    training, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=True):
        statuses = [register(training, n) for n in range(4)]

    assert [r.status for r in statuses] == ["inscrit", "inscrit", "liste_attente", "liste_attente"]
    assert [r.waiting_position for r in statuses[2:]] == [1, 2]
    assert "liste d’attente, en position 1" in mailoutbox[2].body


def test_registering_twice_is_refused(training):
    register(training, 1)
    with pytest.raises(FormationError, match="a déjà une inscription"):
        register(training, 1)


def test_cancelling_promotes_the_first_waiting_tutor_and_tells_them(
    training, django_capture_on_commit_callbacks, mailoutbox
):
    first, _, waiting1, waiting2 = [register(training, n) for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        promoted = services.registration_cancel(registration=first)

    assert [r.pk for r in promoted] == [waiting1.pk]
    waiting1.refresh_from_db()
    waiting2.refresh_from_db()
    assert waiting1.status == "inscrit" and waiting1.waiting_position is None
    assert waiting2.status == "liste_attente" and waiting2.waiting_position == 2
    subjects = {m.to[0]: m.subject for m in mailoutbox}
    assert subjects["tuteur0@entreprise.example"].startswith("Inscription annulée")
    assert subjects["tuteur2@entreprise.example"].startswith("Une place s’est libérée")
    # Cancelling again changes nothing and promotes nobody.
    assert services.registration_cancel(registration=first) == []
    assert training.registrations.holding_place().count() == 2


def test_a_waiting_tutor_who_cancels_frees_no_place(training):
    registrations = [register(training, n) for n in range(3)]
    assert services.registration_cancel(registration=registrations[2]) == []
    assert training.registrations.holding_place().count() == 2


def test_more_places_go_to_the_waiting_list(training):
    registrations = [register(training, n) for n in range(4)]
    promoted = services.training_set_capacity(training=training, capacity=3)
    assert [r.pk for r in promoted] == [registrations[2].pk]


def test_sequential_registrations_for_the_last_place_one_gets_it_one_waits(training):
    register(training, 0)
    a = register(training, 1)
    b = register(training, 2)
    assert (a.status, b.status) == ("inscrit", "liste_attente")


def test_registration_mail_carries_an_ics_invitation_in_paris_time(
    school, django_capture_on_commit_callbacks, mailoutbox, settings
):
    settings.PORTAL_BASE_URL = "https://bde.ac-toulouse.fr"
    starts = timezone.make_aware(datetime.datetime(2031, 3, 12, 14, 0))
    training = TutorTrainingFactory(
        school=school,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2, minutes=30),
        place="Salle B12, 3 rue du Lycée, Toulouse",
    )
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(training, 1)

    name, content, mimetype = mailoutbox[0].attachments[0]
    assert name.endswith(".ics") and "method=REQUEST" in mimetype
    text = content.decode() if isinstance(content, bytes) else content
    assert "METHOD:REQUEST" in text
    assert "DTSTART;TZID=Europe/Paris:20310312T140000" in text
    assert "DTEND;TZID=Europe/Paris:20310312T163000" in text
    assert "BEGIN:VTIMEZONE" in text
    event = Calendar.from_ical(text).walk("VEVENT")[0]
    uid = f"formation-tuteurs-session-{training.pk}@bde.ac-toulouse.fr"
    assert str(event["UID"]) == uid
    assert str(event["LOCATION"]) == "Salle B12, 3 rue du Lycée, Toulouse"
    assert "/formations/inscription/annuler/" in mailoutbox[0].body

    # The same UID comes back in the cancellation, so the calendar removes the entry.
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(registration=registration)
    cancel_text = mailoutbox[1].attachments[0][1]
    cancel_text = cancel_text.decode() if isinstance(cancel_text, bytes) else cancel_text
    assert "METHOD:CANCEL" in cancel_text
    assert f"UID:{uid}" in cancel_text


def test_attendance_marks_and_records_the_sheet(training, teacher):
    registration = register(training, 1)
    services.registration_mark_attendance(registration=registration, status="present", by=teacher)
    registration.refresh_from_db()
    training.refresh_from_db()
    assert registration.status == "present"
    assert registration.attendance_marked_by == teacher
    assert training.attendance_recorded_at is not None
    with pytest.raises(FormationError, match="présent, absent ou excusé"):
        services.registration_mark_attendance(registration=registration, status="annule")


def test_a_waiting_tutor_cannot_be_marked_but_can_be_added_on_site(training, teacher):
    registrations = [register(training, n) for n in range(3)]
    with pytest.raises(FormationError, match="ajoutez-le sur place"):
        services.registration_mark_attendance(registration=registrations[2], status="present")

    added = services.training_add_tutor_on_site(
        training=training,
        by=teacher,
        first_name="Nadia",
        last_name="Sur-Place",
        email="nadia@garage.example",
        siret=valid_siret(77),
        company_name="Garage Nadia",
        oral_consent=True,
    )
    assert added.status == "present" and added.added_on_site
    assert added.contact.consent_method == "sur_place"
    assert added.contact.consent_recorded_by == teacher
    assert training.registrations.holding_place().count() == 3  # beyond the capacity: she came


def test_sign_in_sheet_pdf_lists_the_tutors(training):
    register(
        training, 1, first_name="Jeanne", last_name="Dupont", company_name="Boulangerie Soleil"
    )
    register(training, 2, first_name="Marc", last_name="Petit", company_name="Garage Central")
    from formations.pdf import sign_in_sheet_pdf

    text = pdf_text(sign_in_sheet_pdf(training))
    assert "Feuille d’émargement" in text
    assert training.title in text
    assert "DUPONT Jeanne" in text and "Boulangerie Soleil" in text
    assert "PETIT Marc" in text and "Garage Central" in text


def test_certificates_go_to_present_tutors_only_once_after_the_session(
    school, teacher, django_capture_on_commit_callbacks, mailoutbox
):
    training = TutorTrainingFactory(school=school, past=True, title="Évaluer l’élève en PFMP")
    present = RegistrationFactory(training=training, status="present", contact__first_name="Jeanne")
    RegistrationFactory(training=training, status="absent")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.training_send_certificates(training=training) == 1
    assert services.training_send_certificates(training=training) == 0

    assert mailoutbox[0].to == [present.contact.email]
    name, content, mimetype = mailoutbox[0].attachments[0]
    assert mimetype == "application/pdf"
    text = pdf_text(content)
    assert "Attestation de présence" in text
    assert f"{present.contact.last_name.upper()} Jeanne" in text
    assert "Évaluer l’élève en PFMP" in text
    assert school.name in text


def test_certificates_wait_for_the_end_of_the_session(training):
    with pytest.raises(FormationError, match="pas encore terminée"):
        services.training_send_certificates(training=training)


def test_feedback_is_asked_to_present_tutors_and_summarised(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    training = TutorTrainingFactory(school=school, past=True)
    a = RegistrationFactory(training=training, status="present")
    b = RegistrationFactory(training=training, status="present")
    absent = RegistrationFactory(training=training, status="absent")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.training_request_feedback(training=training) == 2
    assert {m.to[0] for m in mailoutbox} == {a.contact.email, b.contact.email}
    assert "/formations/avis/" in mailoutbox[0].body

    services.feedback_submit(registration=a, satisfaction=5, comment="Très concret.")
    services.feedback_submit(registration=b, satisfaction=4)
    services.feedback_submit(registration=b, satisfaction=2, comment="Trop court.")
    with pytest.raises(FormationError, match="présents"):
        services.feedback_submit(registration=absent, satisfaction=3)
    summary = services.training_feedback_summary(training)
    assert summary["count"] == 2 and summary["average"] == 3.5
    assert sorted(summary["comments"]) == ["Trop court.", "Très concret."]


def test_leaders_must_be_teachers_of_the_school(training, teacher, rbde, other_school):
    from tests.etablissements.factories import staff_user

    services.training_check_leaders(training=training, leaders=[teacher])
    with pytest.raises(FormationError, match="enseignants de l’établissement"):
        services.training_check_leaders(training=training, leaders=[rbde])
    outsider = staff_user(other_school, role="enseignant")
    with pytest.raises(FormationError):
        services.training_check_leaders(training=training, leaders=[outsider])


def test_registration_after_the_start_is_refused(school):
    training = TutorTrainingFactory(school=school, past=True)
    with pytest.raises(FormationError, match="déjà commencé"):
        register(training, 1)
    assert not Registration.objects.exists()


def test_a_merged_companys_siret_leads_to_the_kept_record(training):
    kept = CompanyFactory(siret=valid_siret(60), name="Garage Central")
    CompanyFactory(siret=valid_siret(61), name="Garage Central (doublon)", merged_into=kept)
    registration = register(training, 1, siret=valid_siret(61), company_name="")
    assert registration.contact.company == kept


def test_certificates_go_out_on_their_own_the_day_after_and_only_once(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    def session(days_ago, title):
        starts = timezone.now() - datetime.timedelta(days=days_ago)
        starts = starts.replace(hour=9, minute=0)
        return TutorTrainingFactory(school=school, starts_at=starts, title=title)

    earlier, later = session(6, "Session du lundi"), session(3, "Session du jeudi")
    present = RegistrationFactory(training=earlier, status="present")
    RegistrationFactory(training=earlier, status="absent")
    RegistrationFactory(training=later, status="present")
    # The day of the later session: only the earlier one's present tutor gets hers.
    later_day = timezone.localtime(later.ends_at).date()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_send_due(today=later_day) == 1
    assert [m.to for m in mailoutbox] == [[present.contact.email]]
    assert "Session du lundi" in pdf_text(mailoutbox[0].attachments[0][1])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_send_due(today=later_day) == 0
    assert len(mailoutbox) == 1
    # The day after the later session, its present tutor gets hers, and nobody else again.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.certificates_send_due(today=later_day + datetime.timedelta(days=1)) == 1
    assert len(mailoutbox) == 2


def test_a_tutor_who_registers_again_is_no_longer_inactive_for_the_rgpd_clock(training):
    from entreprises.services import contacts_inactive

    first = register(training, 1)
    contact = first.contact
    Contact.objects.filter(pk=contact.pk).update(
        last_activity_at=timezone.now() - datetime.timedelta(days=4 * 365)
    )
    assert contact in contacts_inactive(timezone.localdate())
    second = TutorTrainingFactory(school=training.school)
    register(second, 1)  # same email: the same person comes back
    assert contact not in contacts_inactive(timezone.localdate())
