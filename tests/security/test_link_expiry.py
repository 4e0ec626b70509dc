"""Finding 9: cancellation, feedback, check-in and RSVP links expire with what they are about."""

import datetime

import pytest
from django.utils import timezone

from formations import links
from formations.models import Feedback
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import (
    InvitationFactory,
    MentoringPairFactory,
    RegistrationFactory,
    TutorTrainingFactory,
    in_days,
)

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def _path(url):
    return url.removeprefix(BASE)


def test_a_three_year_old_feedback_link_is_refused_in_plain_words(client):
    training = TutorTrainingFactory(school=SchoolFactory(), starts_at=in_days(-3 * 365))
    registration = RegistrationFactory(training=training, status="present")
    url = _path(links.feedback_url(registration))
    response = client.post(url, {"satisfaction": "1", "comment": "vieux lien"})
    assert response.status_code == 410
    assert "Ce lien a expiré" in response.content.decode()
    assert not Feedback.objects.filter(registration=registration).exists()


def test_a_recent_feedback_link_still_works(client):
    training = TutorTrainingFactory(school=SchoolFactory(), past=True)
    registration = RegistrationFactory(training=training, status="present")
    response = client.post(_path(links.feedback_url(registration)), {"satisfaction": "4"})
    assert "votre avis est enregistré" in response.content.decode()


def test_a_cancel_link_expires_when_the_session_starts(client):
    training = TutorTrainingFactory(school=SchoolFactory(), past=True)
    registration = RegistrationFactory(training=training)
    response = client.post(_path(links.cancel_url(registration)))
    assert response.status_code == 410
    registration.refresh_from_db()
    assert registration.status == "inscrit"


def test_a_checkin_link_expires_after_the_mentoring_ends(client):
    start = timezone.localdate() - datetime.timedelta(days=3 * 365)
    pair = MentoringPairFactory(start_date=start, planned_end=start + datetime.timedelta(days=200))
    response = client.get(_path(links.checkin_url(pair)))
    assert response.status_code == 410
    assert "Ce mentorat est terminé" in response.content.decode()
    live = MentoringPairFactory()
    assert client.get(_path(links.checkin_url(live))).status_code == 200


def test_an_rsvp_link_expires_a_month_after_the_event(client):
    invitation = InvitationFactory(event__starts_at=in_days(-400))
    response = client.post(_path(links.rsvp_url(invitation)), {"reponse": "oui"})
    assert response.status_code == 410
    invitation.refresh_from_db()
    assert invitation.rsvp != "oui"
    upcoming = InvitationFactory()
    assert client.get(_path(links.rsvp_url(upcoming))).status_code == 200
