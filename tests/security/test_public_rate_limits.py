"""Finding 4: every public form has per-address and per-person limits, keyed on the real
client behind the reverse proxy."""

import pytest
from django.urls import reverse

from formations import links
from formations.models import Feedback, MonthlyCheckIn, Registration
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import (
    InvitationFactory,
    MentoringPairFactory,
    RegistrationFactory,
    TutorTrainingFactory,
)
from tests.formations.test_public_views import form_data

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


def test_thirty_registrations_from_one_address_do_not_fill_a_session(client):
    training = TutorTrainingFactory(school=SchoolFactory(), capacity=20)
    url = reverse("formations:training_detail", args=[training.pk])
    statuses = []
    for n in range(30):
        response = client.post(
            url,
            form_data(email=f"robot{n}@spam.example", last_name=f"Robot{n}"),
            REMOTE_ADDR="203.0.113.7",
        )
        statuses.append(response.status_code)
    assert Registration.objects.count() == 10
    assert statuses.count(429) == 20
    page = response.content.decode()
    assert "Trop d’envois en peu de temps" in page
    assert 'value="robot29@spam.example"' in page  # what was typed is kept


def test_one_email_registers_at_most_three_times_an_hour_from_any_address(client):
    trainings = [TutorTrainingFactory(school=SchoolFactory()) for _ in range(5)]
    for n, training in enumerate(trainings):
        client.post(
            reverse("formations:training_detail", args=[training.pk]),
            form_data(),
            REMOTE_ADDR=f"198.51.100.{n}",
        )
    assert Registration.objects.count() == 3


def test_the_limit_keys_on_the_client_behind_the_proxy(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    training = TutorTrainingFactory(school=SchoolFactory(), capacity=50)
    url = reverse("formations:training_detail", args=[training.pk])
    for n in range(12):
        # Each request reaches gunicorn from the proxy (10.0.0.2); the client forges the left
        # part of X-Forwarded-For, the proxy appends what it saw.
        client.post(
            url,
            form_data(email=f"r{n}@spam.example"),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"10.{n}.0.1, 203.0.113.7",
        )
    assert Registration.objects.count() == 10
    client.post(
        url,
        form_data(email="vraie.personne@boulangerie.example"),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="192.0.2.44",
    )
    assert Registration.objects.filter(contact__email="vraie.personne@boulangerie.example").exists()


def test_signed_link_forms_are_limited_per_link(client):
    training = TutorTrainingFactory(school=SchoolFactory(), past=True)
    registration = RegistrationFactory(training=training, status="present")
    feedback = links.feedback_url(registration).removeprefix(BASE)
    answers = [
        client.post(feedback, {"satisfaction": "4", "comment": f"n{n}"}).status_code
        for n in range(12)
    ]
    assert answers.count(429) == 2
    assert Feedback.objects.filter(registration=registration).count() == 1

    invitation = InvitationFactory()
    rsvp = links.rsvp_url(invitation).removeprefix(BASE)
    codes = [client.post(rsvp, {"reponse": "oui"}).status_code for _ in range(11)]
    assert codes[-1] == 429
    assert "Trop d’envois" in client.post(rsvp, {"reponse": "non"}).content.decode()
    invitation.refresh_from_db()
    assert invitation.rsvp == "oui"

    pair = MentoringPairFactory()
    checkin = links.checkin_url(pair).removeprefix(BASE)
    codes = [client.post(checkin, {"month": "x", "hours": "1"}).status_code for _ in range(11)]
    assert codes[-1] == 429
    assert not MonthlyCheckIn.objects.filter(pair=pair).exists()


def test_the_espace_entreprise_forms_are_limited_per_address(client, monkeypatch):
    from offres.links import espace_token
    from offres.views import limits
    from tests.offres.factories import SubmissionFactory

    monkeypatch.setattr(limits, "RATE_PER_IP", "3/h")
    submission = SubmissionFactory()
    url = reverse(
        "offres:espace_limits",
        kwargs={"token": espace_token(submission.contact_id), "pk": submission.pk},
    )
    codes = [client.post(url, {"paused": "on"}).status_code for _ in range(4)]
    assert codes[-1] == 429
