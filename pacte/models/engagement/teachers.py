"""Teachers' profiles and the statuses eligible to the Pacte."""

from django.conf import settings
from django.db import models

from ...querysets import (
    TeacherProfileQuerySet,
)


class TeacherStatus(models.TextChoices):
    PLP = "plp", "professeur de lycée professionnel (PLP)"
    PEPS = "peps", "professeur d’EPS (PEPS)"
    LIBRARIAN = "documentaliste", "professeur documentaliste"
    CPE = "cpe", "conseiller principal d’éducation (CPE)"
    PSYEN = "psyen", "psychologue de l’Éducation nationale (PsyEN)"
    STS = "sts", "enseignant affecté en STS"
    OTHER = "autre", "autre (non éligible au Pacte en LP)"


ELIGIBLE_STATUSES = frozenset(
    {
        TeacherStatus.PLP,
        TeacherStatus.PEPS,
        TeacherStatus.LIBRARIAN,
        TeacherStatus.CPE,
        TeacherStatus.PSYEN,
        TeacherStatus.STS,
    }
)


class TeacherProfile(models.Model):
    """What the Pacte needs to know of a teacher: their school and their status (eligibility)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignant",
        on_delete=models.CASCADE,
        related_name="pacte_profile",
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pacte_profiles",
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=TeacherStatus.choices,
        help_text="Sert uniquement à vérifier l’éligibilité au Pacte en lycée professionnel.",
    )

    objects = TeacherProfileQuerySet.as_manager()

    class Meta:
        verbose_name = "profil Pacte d’un enseignant"
        verbose_name_plural = "profils Pacte des enseignants"
        ordering = ["user__last_name", "user__first_name"]

    def __str__(self):
        return f"{self.user.get_full_name() or self.user.username} ({self.get_status_display()})"

    @property
    def eligible(self) -> bool:
        return self.status in ELIGIBLE_STATUSES
