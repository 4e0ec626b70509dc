"""Indicators of each school by school year: a summary table, rebuilt by a periodic task.

The sources (1M interactions at national size) are too big to aggregate on every view of the
dashboard; the table holds one row per school and school year, the dashboard sums it.
"""

from django.db import models

from etablissements.querysets import SchoolScopedQuerySet


def school_year_label(year_start: int) -> str:
    return f"{year_start}-{year_start + 1}"


class SchoolYearFiguresQuerySet(SchoolScopedQuerySet):
    school_field = "school"


class SchoolYearFigures(models.Model):
    """What one school did in one school year (1 September → 31 August)."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="year_figures",
    )
    year_start = models.PositiveSmallIntegerField(
        "année scolaire", help_text="L’année de la rentrée : 2026 pour 2026-2027."
    )
    departement = models.CharField("département", max_length=3, blank=True, db_index=True)
    school_kind = models.CharField("type d’établissement", max_length=3, blank=True)
    active_partnerships = models.PositiveIntegerField(
        "partenariats actifs", default=0, help_text="Au moins une interaction dans l’année."
    )
    proposals_received = models.PositiveIntegerField("propositions reçues", default=0)
    proposals_answered = models.PositiveIntegerField("propositions traitées", default=0)
    trainings_held = models.PositiveIntegerField("sessions de formation des tuteurs", default=0)
    tutors_trained = models.PositiveIntegerField("tuteurs formés", default=0)
    mentoring_pairs = models.PositiveIntegerField("binômes de mentorat actifs", default=0)
    events_held = models.PositiveIntegerField("événements", default=0)
    pacte_lien_engagements = models.PositiveIntegerField(
        "Pactes avec le forfait lien école-entreprise", default=0
    )
    bilans_validated = models.PositiveIntegerField("bilans d’activité validés", default=0)
    answer_median_days = models.FloatField(
        "délai médian de réponse (jours)",
        null=True,
        blank=True,
        help_text="Des propositions de l’année traitées ; vide s’il n’y en a aucune.",
    )
    refreshed_at = models.DateTimeField("calculé le")

    objects = SchoolYearFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "indicateurs d’un établissement"
        verbose_name_plural = "indicateurs des établissements"
        ordering = ["year_start", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year_start"], name="figures_one_per_school_and_year"
            )
        ]
        indexes = [models.Index(fields=["year_start", "school"], name="figures_year_school")]

    def __str__(self):
        return f"{self.school} — {school_year_label(self.year_start)}"


class SchoolTradeArea(models.Model):
    """A filière a school prepares (a diploma of it) as of the last refresh: the dashboard's
    filière filter reads it, so that its lists and its sums agree until the next refresh."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="+",
    )
    trade_area = models.CharField("filière", max_length=120)

    class Meta:
        verbose_name = "filière d’un établissement"
        verbose_name_plural = "filières des établissements"
        constraints = [
            models.UniqueConstraint(
                fields=["trade_area", "school"], name="trade_area_once_per_school"
            )
        ]

    def __str__(self):
        return f"{self.school_id} {self.trade_area}"


class Dimension(models.TextChoices):
    KIND = "type", "propositions reçues par type"
    ANSWER_DAYS = "delai", "réponses par délai (jours)"


class SchoolYearBreakdown(models.Model):
    """A figure of a school and year split by a key: proposals by kind, answers by delay.

    Answers are counted per delay in days so that the median of any group of schools is read
    from the sums (a median of medians would be wrong)."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year_start = models.PositiveSmallIntegerField("année scolaire")
    dimension = models.CharField("découpage", max_length=5, choices=Dimension.choices)
    key = models.CharField("clé", max_length=30)
    count = models.PositiveIntegerField("nombre")

    class Meta:
        verbose_name = "détail des indicateurs"
        verbose_name_plural = "détails des indicateurs"
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year_start", "dimension", "key"], name="breakdown_unique"
            )
        ]
        indexes = [
            models.Index(fields=["year_start", "dimension", "school"], name="breakdown_year_dim")
        ]

    def __str__(self):
        return f"{self.school_id} {self.year_start} {self.dimension} {self.key}: {self.count}"


class AcademyYearFigures(models.Model):
    """Figures that do not add up across schools (a company partners with several)."""

    year_start = models.PositiveSmallIntegerField("année scolaire", unique=True)
    partner_companies = models.PositiveIntegerField("entreprises partenaires distinctes", default=0)
    refreshed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "indicateurs de l’académie"
        verbose_name_plural = "indicateurs de l’académie"
        ordering = ["year_start"]

    def __str__(self):
        return school_year_label(self.year_start)


class AcademyYearBreakdown(models.Model):
    """The breakdown rows summed over every school, and over every school of a kind and/or
    preparing a diploma of a filière: what the academy administrator's dashboard reads when it
    is unfiltered or filtered by kind of school and filière (tens of rows instead of the rows of
    hundreds of schools). Blank kind or filière: all of them."""

    school_kind = models.CharField(
        "type d’établissement", max_length=3, blank=True, help_text="Vide : tous les types."
    )
    trade_area = models.CharField(
        "filière",
        max_length=120,
        blank=True,
        help_text="Vide : toutes ; sinon les établissements qui en préparent un diplôme.",
    )
    year_start = models.PositiveSmallIntegerField("année scolaire")
    dimension = models.CharField("découpage", max_length=5, choices=Dimension.choices)
    key = models.CharField("clé", max_length=30)
    count = models.PositiveIntegerField("nombre")

    class Meta:
        verbose_name = "détail des indicateurs de l’académie"
        verbose_name_plural = "détails des indicateurs de l’académie"
        constraints = [
            models.UniqueConstraint(
                fields=["school_kind", "trade_area", "year_start", "dimension", "key"],
                name="academy_breakdown_unique",
            )
        ]

    def __str__(self):
        group = "/".join(filter(None, [self.school_kind, self.trade_area])) or "académie"
        return f"{group} {self.year_start} {self.dimension} {self.key}: {self.count}"


class PeriodPlacementFigures(models.Model):
    """A PFMP period's placement rate as of the last refresh: the class's pupils, those placed
    now and those placed N days before the period began (empty while that day is to come).
    Counts, never a name; a school year's rows stay once its pupils are deleted."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year_start = models.PositiveSmallIntegerField("année scolaire")
    period = models.ForeignKey(
        "pfmp.PfmpPeriod", verbose_name="période", on_delete=models.CASCADE, related_name="+"
    )
    class_name = models.CharField("classe", max_length=40)
    start = models.DateField("début")
    end = models.DateField("fin")
    pupils = models.PositiveIntegerField("élèves")
    placed = models.PositiveIntegerField("placés")
    placed_7 = models.PositiveIntegerField("placés 7 jours avant", null=True)
    placed_15 = models.PositiveIntegerField("placés 15 jours avant", null=True)
    placed_30 = models.PositiveIntegerField("placés 30 jours avant", null=True)
    refreshed_at = models.DateTimeField("calculé le")

    objects = SchoolYearFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "taux de placement d’une période de PFMP"
        verbose_name_plural = "taux de placement des périodes de PFMP"
        ordering = ["class_name", "start"]
        constraints = [
            models.UniqueConstraint(fields=["period"], name="placement_figures_one_per_period")
        ]
        indexes = [
            models.Index(fields=["year_start", "school"], name="placement_figures_year_school")
        ]

    def __str__(self):
        return f"{self.class_name} {self.start} : {self.placed}/{self.pupils}"


class SchoolPlacementFigures(models.Model):
    """A school's placement rate over a school year's periods (a pupil counts once per
    period): what the académie's page reads, one row per school. `pupils_N` counts only the
    periods whose day N days before the start has come."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="+",
    )
    year_start = models.PositiveSmallIntegerField("année scolaire")
    periods = models.PositiveIntegerField("périodes")
    pupils = models.PositiveIntegerField("élèves × périodes")
    placed = models.PositiveIntegerField("placés")
    pupils_7 = models.PositiveIntegerField("élèves × périodes (7 jours avant)")
    placed_7 = models.PositiveIntegerField("placés 7 jours avant")
    pupils_15 = models.PositiveIntegerField("élèves × périodes (15 jours avant)")
    placed_15 = models.PositiveIntegerField("placés 15 jours avant")
    pupils_30 = models.PositiveIntegerField("élèves × périodes (30 jours avant)")
    placed_30 = models.PositiveIntegerField("placés 30 jours avant")
    refreshed_at = models.DateTimeField("calculé le")

    objects = SchoolYearFiguresQuerySet.as_manager()

    class Meta:
        verbose_name = "taux de placement en PFMP d’un établissement"
        verbose_name_plural = "taux de placement en PFMP des établissements"
        ordering = ["year_start", "school__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "year_start"], name="placement_figures_one_per_school_year"
            )
        ]

    def __str__(self):
        return f"{self.school} — {school_year_label(self.year_start)}"
