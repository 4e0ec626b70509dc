"""The national reference of the missions, their kinds, axes and fractions."""

from django.core.exceptions import ValidationError
from django.db import models

from ...numbers import number_fr
from ...querysets import (
    MissionQuerySet,
    PartFractionQuerySet,
)
from .years import SchoolYear


class PartFraction(models.Model):
    """A fraction of a part a mission allows in a school year (a half part of 9 h or 12 h…)."""

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name="année scolaire",
        on_delete=models.CASCADE,
        related_name="fractions",
    )
    mission = models.ForeignKey(
        "pacte.Mission",
        verbose_name="mission",
        on_delete=models.CASCADE,
        related_name="fractions",
    )
    fraction = models.DecimalField(
        "fraction de part", max_digits=2, decimal_places=1, help_text="0,5 pour une demi-part."
    )
    hours = models.PositiveSmallIntegerField(
        "heures de la fraction",
        null=True,
        blank=True,
        help_text="Par exemple 9 h (demi-part de RCD) ou 12 h (demi-part de face-à-face) ; vide "
        "pour un forfait.",
    )

    objects = PartFractionQuerySet.as_manager()

    class Meta:
        verbose_name = "fraction de part autorisée"
        verbose_name_plural = "fractions de part autorisées"
        ordering = ["-school_year__start", "mission__position", "fraction"]
        constraints = [
            models.UniqueConstraint(
                fields=["school_year", "mission", "fraction"], name="part_fraction_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(fraction__gt=0) & models.Q(fraction__lt=1),
                name="part_fraction_below_one",
            ),
        ]

    def __str__(self):

        hours = f" ({self.hours} h)" if self.hours else ""
        fraction = number_fr(self.fraction)
        return f"{self.school_year} — {self.mission.action} : {fraction} part{hours}"


class PartKind(models.TextChoices):
    RCD = "rcd", "remplacement de courte durée (RCD)"
    FACE_TO_FACE = "face_a_face", "face-à-face pédagogique"
    FORFAIT = "forfait", "engagement annuel (forfait)"


class Axis(models.TextChoices):
    CONTINUITY = "continuite", "continuité des enseignements"
    STUDENT = "eleve", "mieux soutenir l’élève et son projet"
    ECONOMY = (
        "tissu_economique",
        "mieux soutenir le lien de l’établissement avec son tissu économique",
    )


class Mission(models.Model):
    """One mission of a school year's catalogue (reference data kept by the academy administrator).

    Each school year has its own catalogue: the 2023 texts had two lien école-entreprise
    forfaits, the 2024 nomenclature one; an engagement only takes its own year's missions.
    """

    school_year = models.ForeignKey(
        SchoolYear,
        verbose_name="année scolaire",
        on_delete=models.PROTECT,
        related_name="missions",
    )
    code = models.SlugField(
        "code", max_length=40, help_text="Le même d’une année à l’autre pour la même mission."
    )
    title = models.CharField("mission", max_length=200)
    action = models.CharField("action", max_length=300)
    description = models.TextField("contenu de la mission", blank=True)
    part_kind = models.CharField("type de part", max_length=20, choices=PartKind.choices)
    hours = models.PositiveSmallIntegerField(
        "heures par part",
        null=True,
        blank=True,
        help_text="18 pour le RCD, 24 pour le face-à-face ; vide pour un forfait.",
    )
    axis = models.CharField("axe", max_length=20, choices=Axis.choices)
    degree = models.CharField("degré", max_length=10, default="LP")
    counts_portal_activity = models.BooleanField(
        "compte l’activité du portail",
        default=False,
        help_text="La mission « lien établissement – entreprise » : le travail fait dans le "
        "portail (formations, partenariats, offres) lui est rattaché.",
    )
    counted_metrics = models.JSONField(
        "activités du portail comptées",
        default=list,
        blank=True,
        help_text="Pour une mission qui compte l’activité du portail : les clés comptées "
        "(formations_animees, tuteurs_formes, partenariats_suivis…) ; vide : toutes. Une autre "
        'mission qui couvre le suivi des PFMP compte ["visites_pfmp"] : les visites et appels '
        "du professeur référent.",
    )
    opens_with_half_part = models.BooleanField(
        "peut ouvrir le Pacte en demi-part",
        default=False,
        help_text="RCD, Devoirs faits, Stages de réussite : la première part d’un Pacte peut "
        "être une demi-part de cette mission (note de service du 22 septembre 2025).",
    )
    default_expected_results = models.TextField("résultats attendus proposés", blank=True)
    active = models.BooleanField("proposée", default=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = "mission du Pacte"
        verbose_name_plural = "catalogue des missions du Pacte"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["school_year", "code"], name="mission_code_per_year"),
            models.CheckConstraint(
                condition=(models.Q(part_kind="forfait") & models.Q(hours__isnull=True))
                | (~models.Q(part_kind="forfait") & models.Q(hours__gt=0)),
                name="mission_hours_match_part_kind",
            ),
        ]

    def __str__(self):
        return f"{self.title} — {self.action}"

    def clean(self):
        if self.counted_metrics and not isinstance(self.counted_metrics, list):
            raise ValidationError({"counted_metrics": 'Une liste de clés, par exemple ["heures"].'})
        if self.part_kind == PartKind.FORFAIT and self.hours:
            raise ValidationError({"hours": "Un forfait ne se compte pas en heures."})
        if self.part_kind in (PartKind.RCD, PartKind.FACE_TO_FACE) and not self.hours:
            raise ValidationError({"hours": "Indiquez le nombre d’heures d’une part."})

    @property
    def quantum(self) -> str:
        return f"{self.hours} h" if self.hours else "forfait"
