"""Two RBDEs give the last place of an offer at the same moment: one gets it, the other is
told."""

import threading

import pytest
from django.db import connection

from pfmp.models import Placement
from pfmp.services import PfmpError, placement_assign

from .factories import PeriodFactory, PupilFactory, placement_offer


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_rbdes_giving_the_last_place_one_succeeds_the_other_is_told():
    period = PeriodFactory()
    offer = placement_offer(period.school_class.school, places=1)
    pupils = PupilFactory.create_batch(2, school_class=period.school_class)
    barrier = threading.Barrier(2)
    outcomes = []

    def assign(pupil):
        try:
            barrier.wait(timeout=10)
            placement_assign(pupil=pupil, period=period, company=offer.company)
            outcomes.append("placé")
        except PfmpError as error:
            outcomes.append(str(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=assign, args=(p,)) for p in pupils]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(outcomes)[1] == "placé"
    assert "n’a plus de place pour cette période" in sorted(outcomes)[0]
    assert Placement.objects.filter(offer=offer, status="piste").count() == 1
