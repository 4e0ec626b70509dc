"""Two tutors ask for the last place at the same moment: one gets it, the other waits."""

import threading

import pytest
from django.db import connection

from formations import services
from formations.models import Registration
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_registrations_for_the_last_place_one_gets_it_one_waits():
    training = TutorTrainingFactory(school=SchoolFactory(), capacity=3)
    RegistrationFactory.create_batch(2, training=training)
    barrier = threading.Barrier(2)
    errors = []

    def register(n):
        try:
            barrier.wait(timeout=10)
            services.training_register_tutor(
                training=training,
                first_name="Tuteur",
                last_name=f"Concurrent{n}",
                email=f"concurrent{n}@entreprise.example",
                siret=valid_siret(900 + n),
                company_name=f"Entreprise concurrente {n}",
            )
        except Exception as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    statuses = sorted(
        Registration.objects.filter(contact__last_name__startswith="Concurrent").values_list(
            "status", "waiting_position"
        )
    )
    assert statuses == [("inscrit", None), ("liste_attente", 1)]
    assert training.registrations.holding_place().count() == 3
