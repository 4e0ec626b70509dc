"""School years (the Pacte's counting periods)."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models

from ...querysets import (
    SchoolYearQuerySet,
)


class InterimStage(models.TextChoices):
    """The year's interim bilans, in order (their dates are the year's data)."""

    FIRST = "premier", "premier bilan intermédiaire"
    SECOND = "second", "second bilan intermédiaire"


class SchoolYear(models.Model):
    """A school year and the money rules of the Pacte that year (data, never code)."""

    label = models.CharField(
        "année scolaire", max_length=9, unique=True, help_text="Par exemple 2026-2027."
    )
    start = models.DateField("début")
    end = models.DateField("fin")
    part_value = models.DecimalField(
        "valeur d’une part (€ bruts)",
        max_digits=8,
        decimal_places=2,
        help_text="Montant annuel brut d’une part fonctionnelle cette année-là.",
    )
    yearly_cap = models.DecimalField(
        "plafond annuel (€ bruts)",
        max_digits=8,
        decimal_places=2,
        help_text="Rémunération annuelle brute maximale d’un enseignant au titre du Pacte : "
        "une composition qui le dépasse est refusée.",
    )
    max_parts = models.DecimalField(
        "nombre maximal de parts",
        max_digits=3,
        decimal_places=1,
        default=Decimal(6),
        help_text="Parts d’un enseignant dans l’année, une demi-part comptant pour 0,5.",
    )
    first_part_whole = models.BooleanField(
        "première part entière",
        default=False,
        help_text="La première part d’un Pacte n’est pas une demi-part, sauf pour une mission "
        "qui le permet (RCD, Devoirs faits, Stages de réussite).",
    )
    carry_over_deadline = models.DateField(
        "report des missions non achevées jusqu’au",
        null=True,
        blank=True,
        help_text="Une mission non achevée à la fin de l’année peut être terminée jusqu’à cette "
        "date de l’année suivante ; vide si le texte de l’année ne le permet pas.",
    )
    letter_signature_deadline = models.DateField(
        "lettres de mission signées au plus tard le",
        null=True,
        blank=True,
        help_text="La direction est prévenue à l’approche de cette date.",
    )
    first_interim_report_on = models.DateField(
        "premier bilan intermédiaire le",
        null=True,
        blank=True,
        help_text="Date où l’établissement transmet le point d’étape de chaque mission "
        "(en janvier en 2025-2026) ; l’enseignant est prévenu avant. Vide si le texte de "
        "l’année n’en prévoit pas.",
    )
    second_interim_report_on = models.DateField(
        "second bilan intermédiaire le",
        null=True,
        blank=True,
        help_text="Le second point d’étape (en avril en 2025-2026) ; vide s’il n’y en a pas.",
    )
    rules_source = models.CharField(
        "texte de référence",
        max_length=300,
        blank=True,
        help_text="Le texte officiel d’où viennent les règles de l’année "
        "(voir docs/pacte-regles.md).",
    )

    objects = SchoolYearQuerySet.as_manager()

    class Meta:
        verbose_name = "année scolaire"
        verbose_name_plural = "années scolaires"
        ordering = ["-start"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="school_year_ends_after_start"
            ),
            models.CheckConstraint(
                condition=models.Q(part_value__gt=0) & models.Q(yearly_cap__gt=0),
                name="school_year_positive_amounts",
            ),
            models.CheckConstraint(
                condition=models.Q(second_interim_report_on=None)
                | models.Q(second_interim_report_on__gt=models.F("first_interim_report_on")),
                name="school_year_interim_reports_in_order",
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": "La fin de l’année scolaire doit suivre son début."})
        if self.end and self.carry_over_deadline and self.carry_over_deadline <= self.end:
            raise ValidationError(
                {"carry_over_deadline": "Le report se termine après la fin de l’année scolaire."}
            )
        for field in ("first_interim_report_on", "second_interim_report_on"):
            day = getattr(self, field)
            if day and self.start and self.end and not self.start <= day <= self.end:
                raise ValidationError({field: "Un bilan intermédiaire a lieu pendant l’année."})
        first, second = self.first_interim_report_on, self.second_interim_report_on
        if second and (not first or second <= first):
            raise ValidationError(
                {"second_interim_report_on": "Le second bilan intermédiaire suit le premier."}
            )

    def interim_reports(self) -> list[tuple[str, datetime.date]]:
        """(stage, date) of the year's interim bilans, in order; none before 2025-2026."""
        days = (self.first_interim_report_on, self.second_interim_report_on)
        return [(stage, day) for stage, day in zip(InterimStage.values, days, strict=True) if day]

    def next_interim_report(self, today: datetime.date) -> tuple[str, datetime.date] | None:
        """The first interim bilan on or after `today`, if the year has one left."""
        return next(((s, d) for s, d in self.interim_reports() if d >= today), None)

    def amount_for(self, parts) -> Decimal:
        """Gross yearly amount of `parts` parts this year (services refuse more than the cap)."""
        return min(Decimal(parts) * self.part_value, self.yearly_cap)
