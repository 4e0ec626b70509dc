import factory
from django.utils import timezone

from portal.models import Heartbeat


class HeartbeatFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Heartbeat
        django_get_or_create = ("name",)

    name = "worker"
    ran_at = factory.LazyFunction(timezone.now)
    hostname = "worker-de-test"
