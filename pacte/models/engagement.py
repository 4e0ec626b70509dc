"""The teachers' Pacte: reference data per school year, the mission catalogue, engagements."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from ..querysets import (
    EngagementPartQuerySet,
    EngagementQuerySet,
    MissionLetterQuerySet,
    MissionQuerySet,
    PartFractionQuerySet,
    SchoolYearQuerySet,
    TeacherProfileQuerySet,
)


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

    def amount_for(self, parts) -> Decimal:
        """Gross yearly amount of `parts` parts this year (services refuse more than the cap)."""
        return min(Decimal(parts) * self.part_value, self.yearly_cap)


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
        from ..numbers import number_fr

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
    """One row of the mission catalogue (reference data kept by the academy administrator)."""

    code = models.SlugField("code", max_length=40, unique=True)
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
    default_expected_results = models.TextField("résultats attendus proposés", blank=True)
    active = models.BooleanField("proposée", default=True)
    position = models.PositiveSmallIntegerField("ordre", default=0)

    objects = MissionQuerySet.as_manager()

    class Meta:
        verbose_name = "mission du Pacte"
        verbose_name_plural = "catalogue des missions du Pacte"
        ordering = ["position", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(part_kind="forfait") & models.Q(hours__isnull=True))
                | (~models.Q(part_kind="forfait") & models.Q(hours__gt=0)),
                name="mission_hours_match_part_kind",
            )
        ]

    def __str__(self):
        return f"{self.title} — {self.action}"

    def clean(self):
        if self.part_kind == PartKind.FORFAIT and self.hours:
            raise ValidationError({"hours": "Un forfait ne se compte pas en heures."})
        if self.part_kind in (PartKind.RCD, PartKind.FACE_TO_FACE) and not self.hours:
            raise ValidationError({"hours": "Indiquez le nombre d’heures d’une part."})

    @property
    def quantum(self) -> str:
        return f"{self.hours} h" if self.hours else "forfait"


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


# The LP reference: 1 RCD + 3 face-à-face + 2 forfaits (6 parts); the direction may adapt it.
REFERENCE_COMPOSITION = {PartKind.RCD: 1, PartKind.FACE_TO_FACE: 3, PartKind.FORFAIT: 2}
MAX_PARTS = 6


def composition_label(composition: dict) -> str:
    from ..numbers import number_fr

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
    derogation_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="dérogation validée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    derogation_at = models.DateTimeField("dérogation validée le", null=True, blank=True)
    derogation_reason = models.TextField("motif de la dérogation", blank=True)
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

    def lien_parts(self):
        return [p for p in self.parts.all() if p.mission.counts_portal_activity]


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
        from ..numbers import parts_fr

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
