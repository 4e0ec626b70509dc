"""Teachers' training in a company (seed 004, Action 5: at least once every three years)."""

from django.conf import settings
from django.db import models

from etablissements.querysets import SchoolScopedQuerySet

# « Chaque professeur de lycée professionnel doit se former en entreprise au moins une fois tous
# les trois ans » (seed 004): who is due is counted from the last immersion.
IMMERSION_EVERY_YEARS = 3


class ImmersionFormat(models.TextChoices):
    VISIT = "visite", "visite d’entreprise"
    IMMERSION = "immersion", "stage d’immersion sur site"
    WEBINAR = "webinaire", "webinaire thématique"


class TeacherImmersionQuerySet(SchoolScopedQuerySet):
    pass


class TeacherImmersion(models.Model):
    """A teacher's training in a company, recorded by the school's direction or RBDE."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignant",
        on_delete=models.CASCADE,
        related_name="company_immersions",
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="teacher_immersions",
    )
    occurred_on = models.DateField("date")
    format = models.CharField(
        "format", max_length=20, choices=ImmersionFormat.choices, default=ImmersionFormat.IMMERSION
    )
    company = models.ForeignKey(
        "entreprises.Company",
        verbose_name="entreprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teacher_immersions",
    )
    offer = models.ForeignKey(
        "offres.Submission",
        verbose_name="offre de l’entreprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="teacher_immersions",
    )
    note = models.CharField("précisions", max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="noté par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField("noté le", auto_now_add=True)

    objects = TeacherImmersionQuerySet.as_manager()

    class Meta:
        verbose_name = "formation d’un professeur en entreprise"
        verbose_name_plural = "formations des professeurs en entreprise"
        ordering = ["-occurred_on", "-pk"]

    def __str__(self):
        name = self.teacher.get_full_name() or self.teacher.username
        return f"{name} — {self.get_format_display()} le {self.occurred_on:%d/%m/%Y}"
