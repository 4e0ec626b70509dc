import socket

from django.db import transaction
from django.utils import timezone

from .models import Heartbeat


@transaction.atomic
def heartbeat_record(*, name: str = "worker") -> Heartbeat:
    """Store that a worker ran now (one row per name, updated in place)."""
    beat, _ = Heartbeat.objects.update_or_create(
        name=name, defaults={"ran_at": timezone.now(), "hostname": socket.gethostname()}
    )
    return beat
