from django.db import models


class Heartbeat(models.Model):
    """The last time a Celery worker ran the heartbeat task: proof that the queue is alive."""

    name = models.CharField("nom", max_length=50, unique=True)
    ran_at = models.DateTimeField("exécutée le")
    hostname = models.CharField("machine", max_length=200, blank=True)

    class Meta:
        verbose_name = "battement de cœur"
        verbose_name_plural = "battements de cœur"

    def __str__(self):
        return f"{self.name} — {self.ran_at:%d/%m/%Y %H:%M}"
