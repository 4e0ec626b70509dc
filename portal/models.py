from django.db import models
from django.utils import timezone

from common.dates import french_time


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: proof that the queue is alive."""

    name = models.CharField("nom", max_length=50, unique=True)
    ran_at = models.DateTimeField("exécutée le")
    hostname = models.CharField("machine", max_length=200, blank=True)

    class Meta:
        verbose_name = "battement de cœur"
        verbose_name_plural = "battements de cœur"

    def __str__(self):
        ran_at = timezone.localtime(self.ran_at)
        return f"{self.name} — {ran_at:%d/%m/%Y} à {french_time(ran_at)}"
