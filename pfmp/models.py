"""PFMP placements: a school's classes, their periods, their pupils (minors: the least that
does the job) and each pupil's placement for each period, with its history."""

import datetime
import uuid

from django.conf import settings
from django.db import models

from .choices import Attendance, CycleYear, HostAgain, PeriodKind, PlacementStatus, Progress
from .querysets import (
    PeriodQuerySet,
    PlacementChildQuerySet,
    PlacementQuerySet,
    PupilQuerySet,
    SchoolClassQuerySet,
)


def school_year_bounds(label: str) -> tuple[datetime.date, datetime.date]:
    """« 2026-2027 » → 1 September 2026, 31 August 2027."""
    first = int(label[:4])
    return datetime.date(first, 9, 1), datetime.date(first + 1, 8, 31)


def school_year_of(day: datetime.date) -> str:
    """The school year a day falls in: « 2026-2027 » from 1 September 2026."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def next_school_year(label: str) -> str:
    first = int(label[:4]) + 1
    return f"{first}-{first + 1}"


class SchoolClass(models.Model):
    """A class (division) of a school for one school year, e.g. « 1MELEC »."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pfmp_classes",
    )
    school_year = models.CharField(
        "année scolaire", max_length=9, help_text="Par exemple 2026-2027."
    )
    name = models.CharField("classe", max_length=40, help_text="Par exemple 1MELEC.")
    diploma = models.ForeignKey(
        "etablissements.Diploma",
        verbose_name="diplôme préparé",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    trade = models.CharField(
        "métier ou filière",
        max_length=120,
        blank=True,
        help_text="Les mots que les entreprises écrivent dans leurs offres de places : "
        "« MELEC », « électricité ». Sert aux suggestions.",
    )
    cycle_year = models.CharField("année du cycle", max_length=10, choices=CycleYear.choices)

    objects = SchoolClassQuerySet.as_manager()

    class Meta:
        verbose_name = "classe"
        verbose_name_plural = "classes"
        ordering = ["-school_year", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "school_year", "name"], name="pfmp_class_unique_per_year"
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.school_year})"

    def match_words(self) -> list[str]:
        """What an offer's « diplôme ou métier » may say for this class."""
        words = [w.strip() for w in self.trade.split(",") if w.strip()]
        if self.diploma_id:
            words.append(self.diploma.label)
        return words


class ParcoursRule(models.Model):
    """The terminale's end-of-year weeks of one school year (reform measure 4): 6 weeks of
    « parcours différencié » in 2024-2025, 4 weeks of « parcours personnalisé » from 2025-2026.
    Data of the year, never code."""

    school_year = models.CharField("année scolaire", max_length=9, unique=True)
    name = models.CharField("nom", max_length=80)
    weeks = models.PositiveSmallIntegerField("semaines")

    class Meta:
        verbose_name = "règle du parcours de fin de terminale"
        verbose_name_plural = "règles du parcours de fin de terminale"
        ordering = ["-school_year"]

    def __str__(self):
        return f"{self.name} {self.school_year} ({self.weeks} semaines)"


class PfmpPeriod(models.Model):
    school_class = models.ForeignKey(
        SchoolClass, verbose_name="classe", on_delete=models.CASCADE, related_name="periods"
    )
    kind = models.CharField(
        "type", max_length=10, choices=PeriodKind.choices, default=PeriodKind.PFMP
    )
    start = models.DateField("début", db_index=True)
    end = models.DateField("fin")

    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = "période de PFMP"
        verbose_name_plural = "périodes de PFMP"
        ordering = ["start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="pfmp_period_end_after_start"
            )
        ]

    def __str__(self):
        dates = f"du {self.start:%d/%m/%Y} au {self.end:%d/%m/%Y}"
        return f"{self.school_class.name} — {self.get_kind_display()} {dates}"

    @property
    def working_days(self) -> int:
        """Monday to Friday between the dates (the most days a pupil can do)."""
        days = (self.end - self.start).days + 1
        return sum(1 for i in range(days) if (self.start + datetime.timedelta(i)).weekday() < 5)


class Pupil(models.Model):
    """A pupil: first name, last name, class. Nothing else (no birth date, address or INE)."""

    school_class = models.ForeignKey(
        SchoolClass, verbose_name="classe", on_delete=models.CASCADE, related_name="pupils"
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    created_at = models.DateTimeField("ajouté le", auto_now_add=True)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = "élève"
        verbose_name_plural = "élèves"
        ordering = ["last_name", "first_name", "pk"]
        indexes = [models.Index(fields=["school_class", "last_name"], name="pfmp_pupil_class")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}"

    @property
    def short_name(self) -> str:
        """What a company sees: the first name and the last name's initial."""
        initial = self.last_name.strip()[:1].upper()
        return f"{self.first_name} {initial}." if initial else self.first_name


class Placement(models.Model):
    """A pupil's place for one period: the company, its tutor, the professeur référent."""

    pupil = models.ForeignKey(
        Pupil, verbose_name="élève", on_delete=models.CASCADE, related_name="placements"
    )
    period = models.ForeignKey(
        PfmpPeriod, verbose_name="période", on_delete=models.CASCADE, related_name="placements"
    )
    status = models.CharField(
        "statut",
        max_length=12,
        choices=PlacementStatus.choices,
        default=PlacementStatus.TO_FIND,
        db_index=True,
    )
    company = models.ForeignKey(
        "entreprises.Company",
        verbose_name="entreprise",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pfmp_placements",
    )
    offer = models.ForeignKey(
        "offres.Submission",
        verbose_name="offre de places",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pfmp_placements",
    )
    tutor = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="tuteur",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pfmp_placements",
    )
    referent_teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="professeur référent",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pfmp_followed",
    )
    start = models.DateField("début", null=True, blank=True)
    end = models.DateField("fin", null=True, blank=True)
    days_done = models.PositiveSmallIntegerField("jours effectués", null=True, blank=True)
    abandon_reason = models.CharField("motif de l’abandon", max_length=300, blank=True)
    company_answer = models.CharField(
        "réponse de l’entreprise",
        max_length=10,
        blank=True,
        choices=[("", "en attente"), ("accepte", "acceptée"), ("refuse", "déclinée")],
    )
    proposed_mail_at = models.DateTimeField("proposée à l’entreprise le", null=True, blank=True)
    first_time_tutor = models.BooleanField("premier accueil du tuteur", default=False)
    tutor_invited_at = models.DateTimeField(
        "tuteur invité à une formation le", null=True, blank=True
    )
    status_changed_at = models.DateTimeField("statut changé le", auto_now_add=True)

    objects = PlacementQuerySet.as_manager()

    class Meta:
        verbose_name = "placement en PFMP"
        verbose_name_plural = "placements en PFMP"
        ordering = ["period__start", "pupil__last_name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "period"], name="pfmp_one_placement_per_period"
            )
        ]
        indexes = [
            models.Index(fields=["period", "status"], name="pfmp_placement_period_status"),
            models.Index(fields=["offer", "status"], name="pfmp_placement_offer_status"),
            models.Index(fields=["company", "status"], name="pfmp_placement_company_status"),
        ]

    def __str__(self):
        return f"{self.pupil} — {self.period}"

    @property
    def dates(self) -> tuple[datetime.date, datetime.date]:
        return self.start or self.period.start, self.end or self.period.end


class PlacementStatusChange(models.Model):
    placement = models.ForeignKey(
        Placement, verbose_name="placement", on_delete=models.CASCADE, related_name="history"
    )
    from_status = models.CharField(
        "ancien statut", max_length=12, blank=True, choices=PlacementStatus.choices
    )
    to_status = models.CharField("nouveau statut", max_length=12, choices=PlacementStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    by_company = models.BooleanField("par l’entreprise", default=False)
    changed_at = models.DateTimeField("le", auto_now_add=True)
    comment = models.CharField("commentaire", max_length=300, blank=True)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = "changement de statut d’un placement"
        verbose_name_plural = "historique des placements"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class TutorAppraisal(models.Model):
    """The tutor's appraisal at the end of a period, asked by a signed link (one row per
    placement, written when the mail is; `submitted_at` once the tutor answered)."""

    placement = models.OneToOneField(
        Placement, verbose_name="placement", on_delete=models.CASCADE, related_name="appraisal"
    )
    token = models.UUIDField("jeton", default=uuid.uuid4, unique=True, editable=False)
    tutor = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="tuteur",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    requested_at = models.DateTimeField("demandée le", auto_now_add=True)
    submitted_at = models.DateTimeField("donnée le", null=True, blank=True)
    days_done = models.PositiveSmallIntegerField("jours effectués", null=True, blank=True)
    attendance = models.CharField("assiduité", max_length=12, blank=True, choices=Attendance)
    progress = models.CharField(
        "l’élève s’en est sorti", max_length=12, blank=True, choices=Progress
    )
    host_again = models.CharField(
        "accueillerait un élève à nouveau", max_length=12, blank=True, choices=HostAgain
    )
    comment = models.TextField("ce que le lycée devrait changer", blank=True, max_length=2000)

    objects = PlacementChildQuerySet.as_manager()

    class Meta:
        verbose_name = "appréciation du tuteur"
        verbose_name_plural = "appréciations des tuteurs"

    def __str__(self):
        return f"Appréciation — {self.placement_id}"


class AllowanceRate(models.Model):
    """The PFMP allowance (decree of 11 August 2023, paid through APlyPro) of one school year
    and one year of the cycle: an amount per day done, capped for the year. Data, never code:
    the rates come from APlyPro's public data and are to check against the official decree."""

    school_year = models.CharField("année scolaire", max_length=9)
    cycle_year = models.CharField("année du cycle", max_length=10, choices=CycleYear.choices)
    per_day = models.DecimalField("montant par jour (€)", max_digits=6, decimal_places=2)
    yearly_cap = models.DecimalField("plafond annuel (€)", max_digits=7, decimal_places=2)
    to_verify = models.BooleanField(
        "à vérifier",
        default=True,
        help_text="Taux repris des données publiques d’APlyPro, à vérifier sur le décret.",
    )

    class Meta:
        verbose_name = "taux de l’allocation de PFMP"
        verbose_name_plural = "taux de l’allocation de PFMP"
        ordering = ["-school_year", "cycle_year"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "cycle_year"], name="pfmp_allowance_rate_unique"
            )
        ]

    def __str__(self):
        return f"{self.get_cycle_year_display()} {self.school_year} : {self.per_day} €/jour"
