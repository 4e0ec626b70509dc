import pytest

from formations import demo
from formations.models import Event, MentoringPair, Registration, TutorTraining

pytestmark = pytest.mark.django_db


def test_demo_data_loads_once_and_shows_each_case():
    from entreprises import demo as companies_demo
    from etablissements import demo as schools_demo

    schools_demo.load()
    companies_demo.load()
    demo.load()
    demo.load()

    assert TutorTraining.objects.count() == 4
    soon = TutorTraining.objects.get(title=demo.FIRST_TITLE)
    assert soon.leaders.filter(username="enseignant").exists()
    assert soon.registrations.holding_place().count() == soon.capacity
    assert soon.registrations.waiting().count() == 1
    assert Registration.objects.filter(training__starts_at__lt=soon.starts_at).count() >= 1
    pair = MentoringPair.objects.with_checkin_summary().get()
    assert pair.months_under_minimum == 1
    assert Event.objects.get().invitations.count() == 3


def test_the_demo_registers_tutors_as_the_public_form_does():
    """Through the registration service: each tutor's company is in the school's list (a
    prospect at least), and the confirmation mails wait in the outbox like real ones."""
    from courriels.models import Email
    from entreprises import demo as companies_demo
    from etablissements import demo as schools_demo
    from partenariats.models import Partnership

    schools_demo.load()
    companies_demo.load()
    demo.load()

    registrations = Registration.objects.select_related("training", "contact")
    assert registrations.count() == 6
    for registration in registrations:
        assert Partnership.objects.filter(
            school=registration.training.school, company=registration.contact.company_id
        ).exists(), registration.contact.company
    assert Email.objects.filter(subject__startswith="Inscription confirmée").count() == 5
