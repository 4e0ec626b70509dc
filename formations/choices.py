"""The statuses of a tutor's registration, apart from the models so that querysets use them."""

from django.db import models


class RegistrationStatus(models.TextChoices):
    REGISTERED = "inscrit", "inscrit"
    WAITING = "liste_attente", "liste d’attente"
    PRESENT = "present", "présent"
    ABSENT = "absent", "absent"
    EXCUSED = "excuse", "excusé"
    CANCELLED = "annule", "annulé"


# Who holds a place (counts against the capacity).
PLACE_HOLDING = [
    RegistrationStatus.REGISTERED,
    RegistrationStatus.PRESENT,
    RegistrationStatus.ABSENT,
    RegistrationStatus.EXCUSED,
]
