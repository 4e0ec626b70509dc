"""The calendar as a tutor uses it: agenda files, a school's subscription feed, and the
session page that shows one's registration once made."""

import re

import pytest
from django.urls import reverse
from icalendar import Calendar

from formations.models import Registration
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory, in_days
from tests.formations.test_public_views import form_data

pytestmark = pytest.mark.django_db

CALENDAR = "/formations/tuteurs/"


def events(content: bytes) -> list:
    return [c for c in Calendar.from_ical(content).walk() if c.name == "VEVENT"]


def test_each_session_offers_add_to_my_agenda(client, school):
    training = TutorTrainingFactory(school=school, title="Accueillir en CAP cuisine")

    page = client.get(CALENDAR).content.decode()
    ics_url = reverse("formations:training_ics", args=[training.pk])
    assert f'href="{ics_url}">Ajouter à mon agenda' in page

    response = client.get(ics_url)
    assert response["Content-Type"].startswith("text/calendar")
    (event,) = events(response.content)
    assert str(event["summary"]) == "Formation des tuteurs : Accueillir en CAP cuisine"
    assert event.decoded("dtstart") == training.starts_at
    assert "Salle B12" in str(event["location"])


def test_a_remote_session_file_does_not_give_the_visio_link_away(client, school):
    training = TutorTrainingFactory(
        school=school, place="", remote_url="https://visio.example/secret"
    )

    content = client.get(reverse("formations:training_ics", args=[training.pk])).content

    assert b"visio.example" not in content
    assert "À distance" in str(events(content)[0]["location"])


def test_a_school_feed_holds_that_schools_sessions_only(client, school):
    other = SchoolFactory(name="Lycée Bourdelle")
    TutorTrainingFactory(school=school, title="Session A1", starts_at=in_days(5))
    TutorTrainingFactory(school=school, title="Session A2", starts_at=in_days(40))
    TutorTrainingFactory(school=other, title="Session B")

    page = client.get(CALENDAR).content.decode()
    feed_url = reverse("formations:school_feed", args=[school.uai])
    assert f'href="{feed_url}"' in page and "S’abonner à l’agenda d’un lycée" in page

    response = client.get(feed_url)
    titles = sorted(str(e["summary"]) for e in events(response.content))
    assert titles == ["Formation des tuteurs : Session A1", "Formation des tuteurs : Session A2"]
    assert Calendar.from_ical(response.content)["x-wr-calname"].endswith(school.name)


def test_a_session_has_one_uid_in_the_feed_the_agenda_file_and_the_registration_mail(
    client, school, mailoutbox
):
    training = TutorTrainingFactory(school=school, title="Session A1", capacity=5)
    TutorTrainingFactory(school=school, title="Session A2")
    client.post(reverse("formations:training_detail", args=[training.pk]), form_data())

    [mail] = mailoutbox
    [(name, content, _)] = mail.attachments
    [mailed] = events(content if isinstance(content, bytes) else content.encode())
    feed = events(client.get(reverse("formations:school_feed", args=[school.uai])).content)
    [in_feed] = [e for e in feed if str(e["summary"]).endswith("Session A1")]
    [in_file] = events(client.get(reverse("formations:training_ics", args=[training.pk])).content)

    assert name.endswith(".ics")
    assert str(mailed["uid"]) == str(in_feed["uid"]) == str(in_file["uid"])
    assert len({str(e["uid"]) for e in feed}) == 2


def test_an_unknown_school_has_no_feed(client):
    assert client.get(reverse("formations:school_feed", args=["0000000X"])).status_code == 404


def test_after_registering_the_page_shows_the_registration_not_the_form(client, school):
    training = TutorTrainingFactory(school=school, capacity=5)
    url = reverse("formations:training_detail", args=[training.pk])

    page = client.post(url, form_data(), follow=True).content.decode()

    assert "Votre inscription" in page and "votre place est réservée" in page
    assert 'name="first_name"' not in page
    registration = Registration.objects.get()
    cancel = re.search(r'href="(/formations/inscription/annuler/[^"]+)"', page).group(1)
    assert "Annuler mon inscription" in page
    # The same page later still shows it, and its cancel link works.
    assert "votre place est réservée" in client.get(url).content.decode()
    client.post(cancel)
    registration.refresh_from_db()
    assert registration.status == "annule"
    assert 'name="first_name"' in client.get(url).content.decode()


def test_after_joining_the_waiting_list_the_page_shows_the_position(client, school):
    training = TutorTrainingFactory(school=school, capacity=1)
    RegistrationFactory(training=training)
    url = reverse("formations:training_detail", args=[training.pk])

    page = client.post(url, form_data(), follow=True).content.decode()

    assert "liste d’attente, en position 1" in page
    assert 'name="first_name"' not in page
    # Registering a colleague stays possible.
    assert 'name="first_name"' in client.get(url + "?autre=1").content.decode()


def test_another_browser_sees_the_form(client, school):
    training = TutorTrainingFactory(school=school)
    url = reverse("formations:training_detail", args=[training.pk])
    client.post(url, form_data())
    client.cookies.clear()

    assert 'name="first_name"' in client.get(url).content.decode()


def test_every_aria_describedby_of_the_filters_points_at_an_element(client, school):
    TutorTrainingFactory(school=school)

    page = client.get(CALENDAR).content.decode()

    described = re.findall(r'aria-describedby="([^"]+)"', page)
    assert described, "the Diplôme filter has a hint"
    for ids in described:
        for element_id in ids.split():
            assert f'id="{element_id}"' in page, element_id
