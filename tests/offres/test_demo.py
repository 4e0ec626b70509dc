"""The demo's proposals are what the public form makes: through `submission_create`."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from courriels.models import Email
from etablissements.models import School
from offres.models import FollowUpStatus, Prospect, Submission, SubmissionKind, SubmissionStatus
from partenariats.models import Partnership

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


def test_in_the_demo_an_rbde_has_added_two_prospects_from_the_register_list(client):
    """Issue 30: the Rennes school's list comes from the recorded answer of the API (no network:
    the adapter stays off), and its RBDE added two of them, reached from the admin menu."""
    from entreprises import demo as companies_demo
    from etablissements import demo as schools_demo
    from offres import demo
    from partenariats import demo as partnerships_demo

    schools_demo.load()
    companies_demo.load()
    partnerships_demo.load()
    demo.load()
    demo.load()
    school = School.objects.get(uai="0350026N")
    added = Partnership.objects.filter(school=school, status="prospect")
    assert sorted(added.values_list("company__name", flat=True)) == ["AG OFFICE", "DERBAS AG"]
    assert Prospect.objects.filter(school=school).count() == 4
    client.force_login(get_user_model().objects.get(username="rbde3"))
    home = client.get(reverse("wagtailadmin_home")).content.decode()
    # The admin menu (a JSON the sidebar draws) leads to the page.
    assert '"name": "entreprises-a-demarcher"' in home
    assert f'"url": "{reverse("offres_prospects")}"' in home
    page = client.get(reverse("offres_prospects")).content.decode()
    assert "Lycée professionnel Coëtlogon" in page and "Liste actualisée le" in page
    # The two added are partners now; the two others wait for their button.
    assert "AG TRAINING &amp; CONSULTING" in page and "AUBADE PARIS" in page
    assert "DERBAS AG" not in page and "SIRET 49265978400028" not in page
    assert page.count("Ajouter comme prospect<") == 2
