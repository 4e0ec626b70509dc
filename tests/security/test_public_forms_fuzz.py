"""Property test (Hypothesis) over every public form: whatever is posted, no server error, and
nothing half-written: either the whole submission / registration / answer exists, or no row
changed. Bounded examples, no network."""

import datetime

import pytest
from django.core.cache import cache
from django.db.models import Model
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from entreprises.models import Company, Contact
from formations import links
from formations.models import Feedback, Invitation, MonthlyCheckIn, Registration
from offres.kinds import KINDS
from offres.links import espace_token
from offres.models import Submission, SubmissionEvent, SubmissionKind, SubmissionSchool
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import (
    InvitationFactory,
    MentoringPairFactory,
    RegistrationFactory,
    TutorTrainingFactory,
)
from tests.formations.test_public_views import form_data
from tests.offres.factories import SubmissionFactory, good_details
from tests.offres.test_public_forms import SHARED, _as_post

pytestmark = pytest.mark.django_db

EXAMPLES = 12
BASE = "http://127.0.0.1:8000"

NASTY = st.sampled_from(
    [
        "",
        "0",
        "-1",
        "99999999999999999999",
        "9" * 400,
        "1e308",
        "NaN",
        "2026-02-30",
        "on",
        "\x00",
        "\x03\x1b[31m",
        '=HYPERLINK("http://x")',
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "é" * 300,
        "\ud7ff\u202e",
    ]
)
VALUES = st.one_of(
    NASTY,
    st.text(max_size=40),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.lists(NASTY, max_size=3),
)

FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _counts(*models: type[Model]) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def _mutations(fields):
    return st.dictionaries(st.sampled_from(sorted(fields)), VALUES, max_size=5)


def _post(client, url, data):
    cache.clear()  # the rate limits are tested elsewhere: here every post reaches the form
    response = client.post(url, data)
    assert response.status_code < 500, (url, data)
    return response


@pytest.mark.parametrize("kind", list(KINDS))
def test_proposal_forms(client, kind):
    school = SchoolFactory()
    spec = KINDS[kind]
    url = reverse("offres:submit", kwargs={"slug": spec.slug})
    good = {**SHARED, "schools": [str(school.pk)], **_as_post(good_details(kind))}
    fields = set(good) | set(spec.form_class.base_fields) | {"schools", "siret", "email"}

    @FUZZ
    @given(_mutations(fields))
    def check(changes):
        before = _counts(Submission, SubmissionSchool, SubmissionEvent, Company, Contact)
        _post(client, url, {**good, **changes})
        after = _counts(Submission, SubmissionSchool, SubmissionEvent, Company, Contact)
        if after[0] == before[0]:
            assert after == before, "rien ne devait être écrit"
        else:
            assert after[0] == before[0] + 1
            assert after[1] > before[1] and after[2] == before[2] + 1

    check()


def test_specialisation_join_form(client):
    original = SubmissionFactory(kind=SubmissionKind.SPECIALISATION, schools=[SchoolFactory()])
    url = reverse("offres:specialisation_join", args=[original.pk])
    school = original.addressees.first().school
    good = {
        **SHARED,
        "siret": "55210055400013",
        "schools": [str(school.pk)],
        **_as_post(good_details(SubmissionKind.SPECIALISATION)),
    }

    @FUZZ
    @given(_mutations(set(good)))
    def check(changes):
        before = _counts(Submission, SubmissionSchool, Contact)
        _post(client, url, {**good, **changes})
        after = _counts(Submission, SubmissionSchool, Contact)
        assert after == before or (after[0] == before[0] + 1 and after[1] > before[1])

    check()


def test_espace_entreprise_forms(client):
    submission = SubmissionFactory(schools=[SchoolFactory()])
    token = espace_token(submission.contact_id)
    urls = [
        reverse("offres:espace_edit", kwargs={"token": token, "pk": submission.pk}),
        reverse("offres:espace_limits", kwargs={"token": token, "pk": submission.pk}),
        reverse("offres:espace_colleague", kwargs={"token": token}),
        reverse("offres:link_request"),
    ]
    fields = {"email", "first_name", "last_name", "consent", "paused", "request_cap"}
    fields |= set(KINDS[submission.kind].form_class.base_fields) | {"students_per_period"}

    @FUZZ
    @given(st.sampled_from(urls), _mutations(fields))
    def check(url, changes):
        _post(client, url, changes)
        submission.refresh_from_db()
        assert submission.request_cap is None or submission.request_cap >= 0

    check()


def test_tutor_forms(client):
    training = TutorTrainingFactory(school=SchoolFactory(), capacity=3)
    url = reverse("formations:training_detail", args=[training.pk])
    good = form_data()

    @FUZZ
    @given(_mutations(set(good)))
    def check(changes):
        before = _counts(Registration, Contact, Company)
        _post(client, url, {**good, **changes})
        after = _counts(Registration, Contact, Company)
        assert after == before or after[0] == before[0] + 1

    check()


def test_signed_link_forms(client):
    past = TutorTrainingFactory(school=SchoolFactory(), past=True)
    registration = RegistrationFactory(training=past, status="present")
    upcoming = RegistrationFactory(training=TutorTrainingFactory(school=SchoolFactory()))
    pair = MentoringPairFactory()
    invitation = InvitationFactory()
    urls = [
        links.feedback_url(registration).removeprefix(BASE),
        links.cancel_url(upcoming).removeprefix(BASE),
        links.checkin_url(pair).removeprefix(BASE),
        links.rsvp_url(invitation).removeprefix(BASE),
        "/formations/avis/pas-un-jeton/",
    ]
    fields = {"satisfaction", "comment", "month", "hours", "note", "reponse"}

    @FUZZ
    @given(st.sampled_from(urls), _mutations(fields))
    def check(url, changes):
        _post(client, url, changes)
        assert Feedback.objects.count() <= 1
        assert Invitation.objects.get(pk=invitation.pk).rsvp in {"en_attente", "oui", "non"}
        for checkin in MonthlyCheckIn.objects.filter(pair=pair):
            assert checkin.hours >= 0
            assert checkin.month <= datetime.date.today() + datetime.timedelta(days=31)

    check()
