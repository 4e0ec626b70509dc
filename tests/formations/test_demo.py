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
