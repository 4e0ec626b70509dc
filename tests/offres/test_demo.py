"""The demo's proposals are what the public form makes: through `submission_create`."""

import pytest

from courriels.models import Email
from offres.models import FollowUpStatus, Submission, SubmissionKind, SubmissionStatus

pytestmark = pytest.mark.django_db


def test_the_demo_proposals_go_through_the_services():
    from entreprises import demo as companies_demo
    from etablissements import demo as schools_demo
    from offres import demo
    from partenariats import demo as partnerships_demo

    schools_demo.load()
    companies_demo.load()
    partnerships_demo.load()
    demo.load()
    demo.load()

    assert Submission.objects.count() == 5
    for submission in Submission.objects.all():
        # Logged as received online, acknowledged to the company by mail (in the outbox).
        assert submission.events.filter(comment="soumise en ligne").exists()
        assert Email.objects.filter(to_email=submission.contact.email).exists()
    request = Submission.objects.get(kind=SubmissionKind.SPECIALISATION)
    assert request.status == SubmissionStatus.ACCEPTED and request.before_parcoursup
    assert request.followup_status == FollowUpStatus.RECEIVED
    assert Submission.objects.open_specialisation_requests().filter(pk=request.pk).exists()


def test_the_demo_routes_a_mentoring_offer_to_the_three_nearest_schools_of_the_trade():
    from entreprises import demo as companies_demo
    from etablissements import demo as schools_demo
    from offres import demo
    from partenariats import demo as partnerships_demo

    schools_demo.load()
    companies_demo.load()
    partnerships_demo.load()
    demo.load()
    routed = Submission.objects.get(routed=True)
    assert routed.kind == SubmissionKind.MENTORING and routed.trade_area == "électricité"
    sent = routed.addressees.order_by("distance_km").values_list("school__name", "status")
    assert list(sent) == [
        ("Lycée professionnel Roland-Garros", "acceptee"),
        ("Lycée professionnel Jean-Jaurès", "soumise"),
        ("Lycée professionnel Clément-Ader", "soumise"),
    ]
    assert routed.lead_school.name == "Lycée professionnel Roland-Garros"
    answers = Email.objects.filter(to_email=routed.contact.email, subject__contains="suit votre")
    assert answers.count() == 1
