"""What a teacher does and reports for the Pacte: own actions, bilans, redeployments."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from ..querysets import (
    ActivityLogQuerySet,
    ActivityReportQuerySet,
    ActivityReportTransitionQuerySet,
    HoursRedeploymentQuerySet,
    InterimReportQuerySet,
)
from .engagement.years import InterimStage


class ActivityKind(models.TextChoices):
    TUTORS = "tuteurs", "accompagnement des tuteurs de stage"
    DOCUMENTS = "supports", "production de supports (rôle du tuteur, référentiel…)"
    PARTNERSHIP = "partenariat", "suivi ou développement d’un partenariat"
    EVENT = "evenement", "événement ou intervention de partenaires"
    BDE = "bde", "autre action du bureau des entreprises"


class ActivityLog(models.Model):
    """An action a teacher did outside the portal for their forfait, with the hours spent."""

    engagement = models.ForeignKey(
        "pacte.Engagement",
        verbose_name="engagement",
        on_delete=models.CASCADE,
        related_name="activity_logs",
    )
    occurred_on = models.DateField("date")
    kind = models.CharField("type d’action", max_length=20, choices=ActivityKind.choices)
    hours = models.DecimalField(
        "heures",
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0.5), MaxValueValidator(12)],
        help_text="Entre 0,5 et 12 heures.",
    )
    description = models.CharField(
        "description",
        max_length=300,
        help_text="Ce qui a été fait, sans données personnelles d’élèves (elles ne servent pas "
        "au bilan).",
    )
    created_at = models.DateTimeField("saisie le", auto_now_add=True)

    objects = ActivityLogQuerySet.as_manager()

    class Meta:
        verbose_name = "action hors portail"
        verbose_name_plural = "actions hors portail"
        ordering = ["-occurred_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(hours__gt=0) & models.Q(hours__lte=12),
                name="activity_log_hours_range",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.occurred_on:%d/%m/%Y}"


class ReportStatus(models.TextChoices):
    DRAFT = "brouillon", "à rédiger"
    SUBMITTED = "remis", "remis à la direction"
    VALIDATED = "valide", "validé"
    SENT_BACK = "renvoye", "renvoyé à l’enseignant"


class ActivityReport(models.Model):
    """The bilan d'activité of one mission of an engagement (« en fin de mission, un bilan »):
    what the portal counted for it, frozen at submission, and what the teacher writes."""

    engagement = models.ForeignKey(
        "pacte.Engagement",
        verbose_name="engagement",
        on_delete=models.CASCADE,
        related_name="activity_reports",
    )
    mission = models.ForeignKey(
        "pacte.Mission",
        verbose_name="mission",
        on_delete=models.PROTECT,
        related_name="activity_reports",
    )
    status = models.CharField(
        "statut",
        max_length=12,
        choices=ReportStatus.choices,
        default=ReportStatus.DRAFT,
        db_index=True,
    )
    comments = models.TextField(
        "bilan de l’enseignant",
        blank=True,
        help_text="Ce qui a été fait et ce que les chiffres ne disent pas : réussites, "
        "difficultés, suites proposées.",
    )
    compiled = models.JSONField(
        "relevé figé à la remise",
        default=dict,
        blank=True,
        editable=False,
        help_text="Chiffres et listes de la mission, figés quand le bilan est remis.",
    )
    submitted_at = models.DateTimeField("remis le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décision de",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField("décision le", null=True, blank=True)
    direction_comment = models.TextField("commentaire de la direction", blank=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = ActivityReportQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan d’activité"
        verbose_name_plural = "bilans d’activité"
        ordering = ["engagement", "mission__position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "mission"], name="activity_report_one_per_mission"
            )
        ]

    def __str__(self):
        return f"Bilan d’activité — {self.mission.action} — {self.engagement}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ReportStatus.DRAFT, ReportStatus.SENT_BACK)


class ActivityReportTransition(models.Model):
    """One step of a bilan's life (remis, validé, renvoyé), who and when."""

    report = models.ForeignKey(
        ActivityReport,
        verbose_name="bilan",
        on_delete=models.CASCADE,
        related_name="transitions",
    )
    from_status = models.CharField("avant", max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField("après", max_length=12, choices=ReportStatus.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("le", auto_now_add=True)
    comment = models.TextField("commentaire", blank=True)

    objects = ActivityReportTransitionQuerySet.as_manager()

    class Meta:
        verbose_name = "étape d’un bilan"
        verbose_name_plural = "historique des bilans"
        ordering = ["at", "pk"]

    def __str__(self):
        return f"{self.get_from_status_display()} → {self.get_to_status_display()}"


class InterimReport(models.Model):
    """Where one mission stands at one of the year's interim bilans (a dated progress note the
    school sends on): written by the teacher, no validation of its own, one per stage."""

    engagement = models.ForeignKey(
        "pacte.Engagement",
        verbose_name="engagement",
        on_delete=models.CASCADE,
        related_name="interim_reports",
    )
    mission = models.ForeignKey(
        "pacte.Mission", verbose_name="mission", on_delete=models.PROTECT, related_name="+"
    )
    stage = models.CharField("bilan intermédiaire", max_length=8, choices=InterimStage.choices)
    text = models.TextField(
        "où en est la mission",
        help_text="Ce qui est fait, ce qui reste à faire d’ici la fin de l’année, les difficultés.",
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="écrit par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    written_at = models.DateTimeField("écrit le", auto_now=True)

    objects = InterimReportQuerySet.as_manager()

    class Meta:
        verbose_name = "bilan intermédiaire"
        verbose_name_plural = "bilans intermédiaires"
        ordering = ["engagement", "stage", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["engagement", "mission", "stage"], name="interim_report_one_per_stage"
            ),
            models.CheckConstraint(condition=~models.Q(text=""), name="interim_report_written"),
        ]

    def __str__(self):
        return f"{self.get_stage_display()} — {self.mission.action} — {self.engagement}"


class HoursRedeployment(models.Model):
    """Face-à-face hours a teacher cannot do, redeployed by the direction to another mission."""

    from_part = models.ForeignKey(
        "pacte.EngagementPart",
        verbose_name="mission de face-à-face",
        on_delete=models.CASCADE,
        related_name="redeployments",
    )
    to_mission = models.ForeignKey(
        "pacte.Mission",
        verbose_name="mission qui reçoit les heures",
        on_delete=models.PROTECT,
        related_name="+",
    )
    hours = models.PositiveSmallIntegerField("heures redéployées")
    reason = models.TextField(
        "motif", help_text="Motif lié au service qui empêche de faire ces heures."
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="décidé par",
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    at = models.DateTimeField("le", auto_now_add=True)

    objects = HoursRedeploymentQuerySet.as_manager()

    class Meta:
        verbose_name = "redéploiement d’heures"
        verbose_name_plural = "redéploiements d’heures"
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(hours__gte=1), name="redeployment_hours")
        ]

    def __str__(self):
        return f"{self.hours} h → {self.to_mission.action}"

    def clean(self):
        if self.hours is not None and self.hours < 1:
            raise ValidationError({"hours": "Redéployez au moins une heure."})
