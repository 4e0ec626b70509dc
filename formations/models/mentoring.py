"""Mentoring pairs (the rule: 6 months at least, 2 hours a month) and their check-ins."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models

from ..querysets import (
    MentoringPairQuerySet,
    MonthlyCheckInQuerySet,
)

# The mentoring rule (seed 004): at least 2 hours a month for at least 6 months.
MENTORING_MIN_MONTHS = 6


MENTORING_MIN_HOURS_PER_MONTH = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """`day` moved by `months`, on the last day of the month when the day does not exist."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # pragma: no cover


class FramingKind(models.TextChoices):
    ASSOCIATION = "association", "association"
    PTECH = "ptech", "P-TECH"
    SCHOOL = "lycee", "le lycée seul"
    OTHER = "autre", "autre structure"


class MentoringMode(models.TextChoices):
    REMOTE = "distance", "à distance"
    ON_SITE = "site", "sur site"
    MIXED = "mixte", "mixte"


class MentoringPair(models.Model):
    """A mentor (a company contact) and a student. Minors: first name, class and school only."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="mentoring_pairs",
    )
    mentor = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="mentor",
        on_delete=models.PROTECT,
        related_name="mentoring_pairs",
    )
    offer = models.ForeignKey(
        "offres.Submission",
        verbose_name="offre de mentorat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentoring_pairs",
        limit_choices_to={"kind": "mentorat"},
        help_text="L’offre de l’entreprise, acceptée par le lycée, d’où vient ce binôme.",
    )
    student_first_name = models.CharField(
        "prénom de l’élève",
        max_length=60,
        help_text="Le prénom seul : l’élève est souvent mineur, le portail ne garde rien d’autre.",
    )
    student_class = models.CharField("classe", max_length=40, help_text="Par exemple : 1re MELEC.")
    framing_kind = models.CharField(
        "structure qui encadre", max_length=20, choices=FramingKind.choices
    )
    framing_name = models.CharField(
        "nom de la structure",
        max_length=200,
        blank=True,
        help_text="Par exemple le nom de l’association.",
    )
    mode = models.CharField("modalité", max_length=10, choices=MentoringMode.choices)
    start_date = models.DateField("début")
    planned_end = models.DateField("fin prévue", help_text="Au moins 6 mois après le début.")
    ended_on = models.DateField("terminé le", null=True, blank=True)
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignant qui suit le binôme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_mentoring_pairs",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = MentoringPairQuerySet.as_manager()

    class Meta:
        verbose_name = "binôme de mentorat"
        verbose_name_plural = "binômes de mentorat"
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__gt=models.F("start_date")),
                name="mentoring_pair_end_after_start",
            )
        ]

    def __str__(self):
        return f"{self.student_first_name} ({self.student_class}) — {self.mentor}"

    @property
    def minimum_end(self) -> datetime.date:
        return add_months(self.start_date, MENTORING_MIN_MONTHS)

    def clean(self):
        if self.start_date and self.planned_end and self.planned_end < self.minimum_end:
            raise ValidationError(
                {
                    "planned_end": "Un mentorat dure au moins 6 mois : la fin prévue doit être "
                    f"le {self.minimum_end:%d/%m/%Y} ou après."
                }
            )


class MonthlyCheckIn(models.Model):
    """Hours done in one month by a mentoring pair, with a short note."""

    pair = models.ForeignKey(
        MentoringPair, verbose_name="binôme", on_delete=models.CASCADE, related_name="checkins"
    )
    month = models.DateField("mois", help_text="Le premier jour du mois.")
    hours = models.DecimalField(
        "heures", max_digits=5, decimal_places=1, validators=[MinValueValidator(0)]
    )
    note = models.CharField("note", max_length=500, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Vide : saisi par le mentor depuis le lien reçu par courriel.",
    )
    updated_at = models.DateTimeField("saisi le", auto_now=True)

    objects = MonthlyCheckInQuerySet.as_manager()

    class Meta:
        verbose_name = "point mensuel"
        verbose_name_plural = "points mensuels"
        ordering = ["pair", "-month"]
        constraints = [
            models.UniqueConstraint(fields=["pair", "month"], name="checkin_once_per_month"),
            models.CheckConstraint(
                condition=models.Q(hours__gte=0), name="checkin_hours_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.month:%m/%Y} — {self.hours} h"

    def save(self, *args, **kwargs):
        self.month = self.month.replace(day=1)
        super().save(*args, **kwargs)

    @property
    def under_minimum(self) -> bool:
        return self.hours < MENTORING_MIN_HOURS_PER_MONTH
