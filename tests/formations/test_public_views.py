import datetime

import pytest
from django.urls import reverse

from formations import links
from formations.models import Registration
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory, in_days

pytestmark = pytest.mark.django_db

CALENDAR = "/formations/tuteurs/"


def test_calendar_lists_upcoming_sessions_only(client, school):
    TutorTrainingFactory(school=school, title="Accueillir en CAP cuisine")
    TutorTrainingFactory(school=school, title="Session passée", past=True)
    page = client.get(CALENDAR).content.decode()
    assert "Accueillir en CAP cuisine" in page
    assert "Session passée" not in page
    assert "1 session à venir" in page


def test_places_read_as_places_left_in_french(client, school):
    training = TutorTrainingFactory(school=school, capacity=15)
    page = client.get(CALENDAR).content.decode()
    assert "15 places libres sur 15" in page
    assert "0 prises" not in page and "places :" not in page
    RegistrationFactory.create_batch(14, training=training)
    detail = reverse("formations:training_detail", args=[training.pk])
    assert "1 place libre sur 15." in client.get(detail).content.decode()
    assert "1 place libre sur 15" in client.get(CALENDAR).content.decode()
    training.delete()
    assert "0 session à venir" in client.get(CALENDAR).content.decode()


def test_a_full_session_offers_its_waiting_list_not_a_place(client, school):
    """The calendar said « S’inscrire » on a full session; the tutor then learnt on the next
    page that they were only on the waiting list."""
    training = TutorTrainingFactory(school=school, capacity=2, title="Évaluer en CAP")
    page = client.get(CALENDAR).content.decode()
    assert ">S’inscrire<" in page and "Rejoindre la liste d’attente" not in page
    RegistrationFactory.create_batch(2, training=training)
    page = client.get(CALENDAR).content.decode()
    assert "Rejoindre la liste d’attente" in page and ">S’inscrire<" not in page
    assert "de « Évaluer en CAP »" in page  # the link's name for a screen reader
    detail = client.get(reverse("formations:training_detail", args=[training.pk]))
    assert "S’inscrire sur la liste d’attente</h2>" in detail.content.decode()


def test_calendar_filters_by_school_departement_diploma_and_month(client):
    toulouse = SchoolFactory(name="LP de Toulouse", postcode="31000")
    tarbes = SchoolFactory(name="LP de Tarbes", postcode="65000")
    TutorTrainingFactory(school=toulouse, title="MELEC à Toulouse", diplomas="bac pro MELEC")
    TutorTrainingFactory(school=tarbes, title="Cuisine à Tarbes", diplomas="CAP cuisine")
    later = in_days(70)
    TutorTrainingFactory(
        school=tarbes, title="Cuisine plus tard", diplomas="CAP cuisine", starts_at=later
    )

    def titles(**params):
        page = client.get(CALENDAR, params).content.decode()
        return {
            t for t in ("MELEC à Toulouse", "Cuisine à Tarbes", "Cuisine plus tard") if t in page
        }

    assert titles(school=toulouse.pk) == {"MELEC à Toulouse"}
    assert titles(departement="65") == {"Cuisine à Tarbes", "Cuisine plus tard"}
    assert titles(diploma="melec") == {"MELEC à Toulouse"}
    # 60 days apart: never the same month.
    assert titles(month=f"{later:%Y-%m}") == {"Cuisine plus tard"}
    assert titles(departement="65", month=f"{in_days(10):%Y-%m}") == {"Cuisine à Tarbes"}


def test_calendar_is_paginated_with_filters_kept(client, school):
    for n in range(12):
        TutorTrainingFactory(school=school, title=f"Session numéro {n:02d}")
    first = client.get(CALENDAR, {"diploma": "MELEC"}).content.decode()
    assert "Session numéro 00" in first and "Session numéro 11" not in first
    assert "diploma=MELEC&amp;page=2" in first or "page=2&amp;diploma=MELEC" in first
    second = client.get(CALENDAR, {"diploma": "MELEC", "page": 2}).content.decode()
    assert "Session numéro 11" in second


@pytest.mark.parametrize("rows", [3, 30])
def test_calendar_query_count_does_not_grow(client, rows, django_assert_max_num_queries):
    for _ in range(rows):
        training = TutorTrainingFactory(school=SchoolFactory())
        RegistrationFactory(training=training)
    with django_assert_max_num_queries(9):
        page = client.get(CALENDAR).content.decode()
    assert f"{rows} sessions à venir" in page and "9 places libres sur 10" in page


def test_a_new_sessions_departement_shows_in_the_filter_at_once(client, school):
    TutorTrainingFactory(school=SchoolFactory(postcode="31000"))
    ariege = SchoolFactory(name="LP de Foix", postcode="09000")
    TutorTrainingFactory(school=ariege, title="Session passée", past=True)
    page = client.get(CALENDAR).content.decode()
    assert '<option value="31">31</option>' in page
    assert '<option value="09">' not in page  # nothing to come there: not offered
    TutorTrainingFactory(school=ariege, title="Session de Foix")
    page = client.get(CALENDAR).content.decode()
    assert '<option value="09">09</option>' in page


def test_the_school_is_found_by_name_town_or_uai(client):
    gallieni = SchoolFactory(name="Lycée Gallieni", town="Toulouse", uai="0310044X")
    TutorTrainingFactory(school=gallieni, title="MELEC à Gallieni")
    TutorTrainingFactory(school=SchoolFactory(name="LP Sixte Vignon", town="Aubin"), title="Autre")
    for typed in ("gallieni", "Toulouse", "0310044x", "lycée GALLIENI", str(gallieni.pk)):
        page = client.get(CALENDAR, {"school": typed}).content.decode()
        assert "MELEC à Gallieni" in page and ">Autre<" not in page, typed
        assert "1 session à venir" in page
    page = client.get(CALENDAR, {"school": "Marseille"}).content.decode()
    assert "0 session à venir" in page and 'value="Marseille"' in page


def test_the_feeds_offered_are_those_of_the_schools_on_the_page(client):
    near = SchoolFactory(name="LP Tout Proche")
    far = SchoolFactory(name="LP Bien Plus Tard")
    for n in range(10):
        TutorTrainingFactory(school=near, title=f"Session {n}")
    TutorTrainingFactory(school=far, starts_at=in_days(200))
    first = client.get(CALENDAR).content.decode()
    assert "Agenda des formations — LP Tout Proche" in first
    assert "Agenda des formations — LP Bien Plus Tard" not in first
    second = client.get(CALENDAR, {"page": 2}).content.decode()
    assert "Agenda des formations — LP Bien Plus Tard" in second


def form_data(**overrides):
    data = {
        "first_name": "Jeanne",
        "last_name": "Dupont",
        "email": "jeanne.dupont@boulangerie.example",
        "siret": valid_siret(321),
        "company_name": "Boulangerie Soleil",
        "student_diploma": "CAP boulanger",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_a_tutor_registers_from_the_session_page(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    training = TutorTrainingFactory(school=school, capacity=5)
    url = reverse("formations:training_detail", args=[training.pk])
    page = client.get(url).content.decode()
    assert "S’inscrire" in page and "Pourquoi ces informations" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, form_data(), follow=True)
    page = response.content.decode()
    assert "Votre inscription est confirmée" in page
    registration = Registration.objects.get()
    assert registration.contact.email == "jeanne.dupont@boulangerie.example"
    assert registration.student_diploma == "CAP boulanger"
    assert mailoutbox[0].attachments[0][0].endswith(".ics")


def test_errors_keep_what_was_typed(client, school):
    training = TutorTrainingFactory(school=school)
    url = reverse("formations:training_detail", args=[training.pk])
    page = client.post(url, form_data(siret="12345678901234", consent="")).content.decode()
    assert "Cochez cette case pour vous inscrire" in page
    assert 'value="Jeanne"' in page and 'value="jeanne.dupont@boulangerie.example"' in page
    assert not Registration.objects.exists()

    page = client.post(url, form_data(siret="12345678901234")).content.decode()
    assert "clé de contrôle est fausse" in page
    # The DSFR summary of the company forms, its link leading to the field.
    assert "Votre inscription n’est pas encore faite" in page
    assert '<a href="#id_siret">SIRET de l’entreprise : ' in page
    assert 'value="12345678901234"' in page and 'value="Boulangerie Soleil"' in page
    assert not Registration.objects.exists()


def test_the_honeypot_registers_nobody(client, school):
    training = TutorTrainingFactory(school=school)
    url = reverse("formations:training_detail", args=[training.pk])
    response = client.post(url, form_data(website="http://spam.example"), follow=True)
    assert "bien été reçue" in response.content.decode()
    assert not Registration.objects.exists()


def test_a_full_session_offers_the_waiting_list(client, school):
    training = TutorTrainingFactory(school=school, capacity=1)
    RegistrationFactory(training=training)
    url = reverse("formations:training_detail", args=[training.pk])
    assert "M’inscrire sur la liste d’attente" in client.get(url).content.decode()
    page = client.post(url, form_data(), follow=True).content.decode()
    assert "liste d’attente, en position 1" in page


def test_the_signed_cancel_link_cancels_and_a_forged_one_does_not(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    training = TutorTrainingFactory(school=school, capacity=1)
    registration = RegistrationFactory(training=training)
    waiting = RegistrationFactory(training=training, status="liste_attente", waiting_position=1)
    url = links.cancel_url(registration).removeprefix("http://127.0.0.1:8000")
    assert "Confirmer l’annulation" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(url).content.decode()
    assert "Votre inscription est annulée" in page
    registration.refresh_from_db()
    waiting.refresh_from_db()
    assert registration.status == "annule" and waiting.status == "inscrit"
    assert any(m.to == [waiting.contact.email] for m in mailoutbox)

    forged = reverse("formations:registration_cancel", args=[str(waiting.token)])
    assert client.get(forged).status_code == 404
    waiting.refresh_from_db()
    assert waiting.status == "inscrit"


def test_feedback_page_records_the_opinion(client, school):
    training = TutorTrainingFactory(school=school, past=True)
    registration = RegistrationFactory(training=training, status="present")
    url = links.feedback_url(registration).removeprefix("http://127.0.0.1:8000")
    page = client.get(url).content.decode()
    assert "cette formation vous a-t-elle été utile" in page
    page = client.post(url, {"satisfaction": "4", "comment": "Clair et utile."}).content.decode()
    assert "votre avis est enregistré" in page
    assert registration.feedback.satisfaction == 4


def test_session_after_start_is_not_on_the_public_site(client, school):
    training = TutorTrainingFactory(
        school=school, starts_at=in_days(-1), ends_at=in_days(-1) + datetime.timedelta(hours=2)
    )
    assert client.get(reverse("formations:training_detail", args=[training.pk])).status_code == 404


def test_the_calendar_shows_this_browsers_registration_and_waiting_is_not_a_place(
    client, school, django_capture_on_commit_callbacks
):
    """Issue 27 §10: after registering, the calendar's card says so instead of « S’inscrire »;
    someone on the waiting list is told to leave the list, never to free a place."""
    full = TutorTrainingFactory(school=school, capacity=1, title="Session complète")
    RegistrationFactory(training=full)
    other = TutorTrainingFactory(school=school, title="Autre session")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("formations:training_detail", args=[full.pk]), form_data())
    page = client.get(CALENDAR).content.decode()
    card = page.split("Session complète")[1].split("fr-card__footer")[1][:400]
    assert "Voir mon inscription" in card and "S’inscrire" not in card
    assert "vous êtes sur la liste d’attente" in page
    assert f'href="{reverse("formations:training_detail", args=[other.pk])}">S’inscrire' in page

    detail = client.get(reverse("formations:training_detail", args=[full.pk])).content.decode()
    assert "Quittez la liste d’attente" in detail and "libérer la place" not in detail
    waiting = Registration.objects.get(training=full, status="liste_attente")
    url = links.cancel_url(waiting).removeprefix("http://127.0.0.1:8000")
    assert "Quitter la liste d’attente" in client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(url).content.decode()
    assert "Vous n’êtes plus sur la liste d’attente" in done and "libéré" not in done
