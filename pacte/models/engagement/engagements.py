"""A teacher's engagement for a year, its parts and its mission letter."""

from decimal import Decimal

from django.conf import settings
from django.db import models

from ...numbers import number_fr, parts_fr
from ...querysets import (
    EngagementPartQuerySet,
    EngagementQuerySet,
    MissionLetterQuerySet,
)
from .missions import Mission, PartKind
from .years import SchoolYear

# The LP reference: 1 RCD + 3 face-à-face + 2 forfaits (6 parts), a guide the direction adapts
# (« il appartient au chef d'établissement de l'adapter », seed 000): not a rule.
REFERENCE_COMPOSITION = {PartKind.RCD: 1, PartKind.FACE_TO_FACE: 3, PartKind.FORFAIT: 2}


MAX_PARTS = 6


def composition_label(composition: dict) -> str:

    forfaits = composition.get(PartKind.FORFAIT, 0)
    return (
        f"{number_fr(composition.get(PartKind.RCD, 0))} RCD + "
        f"{number_fr(composition.get(PartKind.FACE_TO_FACE, 0))} face-à-face + "
        f"{number_fr(forfaits)} forfait{'s' if forfaits >= 2 else ''}"
    )


class Engagement(models.Model):
    """A teacher's Pacte for one school year in one school: the parts they take on."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignant",
        on_delete=models.CASCADE,
        related_name="pacte_engagements",
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="pacte_engagements",
    )
    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name="année scolaire",
        on_delete=models.PROTECT,
        related_name="engagements",
    )
    carried_over_until = models.DateField(
        "missions reportées jusqu’au",
        null=True,
        blank=True,
        help_text="Missions non achevées à la fin de l’année, terminées jusqu’à cette date "
        "(au plus tard la date de report de l’année) : le relevé compte jusque-là.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        verbose_name = "engagement Pacte"
        verbose_name_plural = "engagements Pacte"
        ordering = ["school_year", "teacher__last_name", "teacher__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["teacher", "school_year"], name="engagement_one_per_teacher_and_year"
            )
        ]

    def __str__(self):
        name = self.teacher.get_full_name() or self.teacher.username
        return f"Pacte {self.school_year} — {name}"

    # Figures computed from the prefetched parts (no query per row when prefetched).
    def composition(self) -> dict:
        counts = {kind: Decimal(0) for kind in PartKind}
        for part in self.parts.all():
            counts[PartKind(part.mission.part_kind)] += part.parts
        return counts

    @property
    def composition_label(self) -> str:
        return composition_label(self.composition())

    @property
    def total_parts(self) -> Decimal:
        return sum((part.parts for part in self.parts.all()), Decimal(0))

    @property
    def is_reference(self) -> bool:
        return self.composition() == REFERENCE_COMPOSITION

    @property
    def amount(self) -> Decimal:
        return self.school_year.amount_for(self.total_parts)

    @property
    def uncapped_amount(self) -> Decimal:
        return Decimal(self.total_parts) * self.school_year.part_value

    @property
    def planned_hours(self) -> int:
        return sum(part.hours or 0 for part in self.parts.all())

    @property
    def bilans_label(self) -> str:
        """« 2 validés, 1 remis sur 6 » from the prefetched parts and bilans (one per mission)."""
        statuses = [r.status for r in self.activity_reports.all()]
        done = [
            f"{statuses.count(status)} {label}"
            for status, label in (("valide", "validé"), ("remis", "remis"), ("renvoye", "renvoyé"))
            if statuses.count(status)
        ]
        total = len(self.parts.all())
        return f"{', '.join(done) or 'aucun remis'} sur {total}"

    def lien_parts(self):
        return [p for p in self.parts.all() if p.mission.counts_portal_activity]

    def interim_missing(self, stage: str) -> list:
        """Missions of the lettre de mission whose interim bilan `stage` is not written (from
        the prefetched parts and interim reports)."""
        written = {r.mission_id for r in self.interim_reports.all() if r.stage == stage}
        return [p.mission for p in self.parts.all() if p.mission_id not in written]


class EngagementPart(models.Model):
    """One mission of an engagement, as written in the lettre de mission."""

    engagement = models.ForeignKey(
        Engagement, verbose_name="engagement", on_delete=models.CASCADE, related_name="parts"
    )
    mission = models.ForeignKey(
        Mission, verbose_name="mission", on_delete=models.PROTECT, related_name="engagement_parts"
    )
    parts = models.DecimalField(
        "nombre de parts",
        max_digits=3,
        decimal_places=1,
        default=Decimal(1),
        help_text="0,5 pour une demi-part, si l’année et la mission le permettent.",
    )
    hours = models.PositiveSmallIntegerField(
        "heures prévues",
        null=True,
        blank=True,
        help_text="Heures de la mission (parts × quantum) ; vide pour un forfait.",
    )
    place = models.CharField("lieu", max_length=200, blank=True)
    periodicity = models.CharField("durée ou périodicité", max_length=200, blank=True)
    content = models.TextField("contenu", blank=True)
    expected_results = models.TextField("résultats attendus", blank=True)
    targets = models.JSONField(
        "objectifs chiffrés",
        default=dict,
        blank=True,
        help_text="Pour le lien école-entreprise : nombre attendu par type d’activité.",
    )
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = EngagementPartQuerySet.as_manager()

    class Meta:
        verbose_name = "part fonctionnelle"
        verbose_name_plural = "parts fonctionnelles"
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(parts__gt=0), name="part_more_than_zero")
        ]

    def __str__(self):

        return f"{self.mission.action} ({parts_fr(self.parts)})"


class MissionLetter(models.Model):
    """The lettre de mission of a teacher for a year, validated by the direction."""

    engagement = models.OneToOneField(
        Engagement,
        verbose_name="engagement",
        on_delete=models.CASCADE,
        related_name="mission_letter",
    )
    created_at = models.DateTimeField("rédigée le", auto_now_add=True)
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="validée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)

    objects = MissionLetterQuerySet.as_manager()

    class Meta:
        verbose_name = "lettre de mission"
        verbose_name_plural = "lettres de mission"

    def __str__(self):
        return f"Lettre de mission — {self.engagement}"

    @property
    def is_validated(self) -> bool:
        return self.validated_at is not None
