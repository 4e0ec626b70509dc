"""Training sessions for tutors, their registrations and the feedback asked after them."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from entreprises.wording import count_text

from ..choices import PLACE_HOLDING, RegistrationStatus
from ..querysets import (
    FeedbackQuerySet,
    RegistrationQuerySet,
    TutorTrainingQuerySet,
)


class Topic(models.TextChoices):
    FRAMEWORK = "referentiel", "référentiel du diplôme"
    PFMP = "attendus_pfmp", "attendus de la PFMP"
    EVALUATION = "evaluation", "évaluation de l’élève"
    SAFETY = "sante_securite", "santé et sécurité"
    SPECIAL_NEEDS = "besoins_particuliers", "accueil des élèves à besoins particuliers"


class TutorTraining(models.Model):
    """A tutor-training session (formation des tuteurs) organised by a school."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="tutor_trainings",
    )
    title = models.CharField("intitulé", max_length=200)
    starts_at = models.DateTimeField("début", db_index=True)
    ends_at = models.DateTimeField("fin")
    place = models.CharField(
        "lieu",
        max_length=250,
        blank=True,
        help_text="Adresse ou salle ; vide pour une session à distance.",
    )
    remote_url = models.URLField(
        "lien de la visioconférence", blank=True, help_text="Pour une session à distance."
    )
    capacity = models.PositiveSmallIntegerField(
        "nombre de places", validators=[MinValueValidator(1)], default=12
    )
    leaders = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignants qui animent",
        related_name="led_trainings",
        blank=True,
        help_text="Enseignants de l’établissement (rôle enseignant).",
    )
    topics = models.JSONField("thèmes", default=list, blank=True)
    diplomas = models.ManyToManyField(
        "etablissements.Diploma",
        verbose_name="diplômes concernés",
        related_name="tutor_trainings",
        blank=True,
        help_text="Les diplômes du référentiel national (BCN) préparés par les élèves accueillis.",
    )
    description = models.TextField("présentation", blank=True)
    attendance_recorded_at = models.DateTimeField(
        "présences relevées le", null=True, blank=True, editable=False
    )
    certificates_sent_at = models.DateTimeField(
        "attestations envoyées le", null=True, blank=True, editable=False
    )
    feedback_requested_at = models.DateTimeField(
        "avis demandés le", null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)

    objects = TutorTrainingQuerySet.as_manager()

    class Meta:
        verbose_name = "formation des tuteurs"
        verbose_name_plural = "formations des tuteurs"
        ordering = ["starts_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(capacity__gte=1), name="tutor_training_capacity_at_least_one"
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="tutor_training_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(place="") | ~models.Q(remote_url=""),
                name="tutor_training_place_or_link",
            ),
        ]
        # The calendar's order: a deep page read along the index rather than every upcoming
        # session sorted (6,300 at national size: 7 → 2.6 ms for page 290, 0.1 ms for page 10).
        indexes = [models.Index(fields=["starts_at", "id"], name="training_calendar_order")]

    def __str__(self):
        if not self.starts_at:
            return self.title
        return f"{self.title} — {timezone.localtime(self.starts_at):%d/%m/%Y}"

    def clean(self):
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = "La fin de la session doit suivre son début."
        if not self.place and not self.remote_url:
            errors["place"] = "Indiquez un lieu ou un lien de visioconférence."
        unknown = [t for t in self.topics or [] if t not in Topic.values]
        if unknown:
            errors["topics"] = "Thème inconnu : " + ", ".join(unknown)
        if errors:
            raise ValidationError(errors)

    @property
    def topic_labels(self) -> list[str]:
        return [Topic(t).label for t in self.topics or [] if t in Topic.values]

    @property
    def diploma_list(self) -> list[str]:
        # all(), not a new query: the calendar prefetches the diplomas.
        return [str(d) for d in self.diplomas.all()]

    @property
    def is_remote(self) -> bool:
        return not self.place and bool(self.remote_url)

    @property
    def where(self) -> str:
        return self.place or "À distance"

    @property
    def places_left_text(self) -> str:
        """ "1 place libre sur 15" (needs the `places_taken` of `with_counts()`)."""
        left = max(0, self.capacity - self.places_taken)
        return f"{count_text(left, 'place libre', 'places libres')} sur {self.capacity}"


ATTENDANCE_STATUSES = [
    RegistrationStatus.PRESENT,
    RegistrationStatus.ABSENT,
    RegistrationStatus.EXCUSED,
]


class Registration(models.Model):
    """A tutor registered (or waiting) for a session."""

    training = models.ForeignKey(
        TutorTraining,
        verbose_name="formation",
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    contact = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="tuteur",
        on_delete=models.CASCADE,
        related_name="training_registrations",
    )
    student_diploma = models.CharField("diplôme de l’élève accueilli", max_length=200, blank=True)
    status = models.CharField(
        "statut",
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERED,
        db_index=True,
    )
    waiting_position = models.PositiveIntegerField(
        "rang sur la liste d’attente", null=True, blank=True
    )
    token = models.UUIDField("jeton", default=uuid.uuid4, unique=True, editable=False)
    added_on_site = models.BooleanField("ajouté sur place", default=False)
    attendance_marked_at = models.DateTimeField("présence notée le", null=True, blank=True)
    attendance_marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="présence notée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_sent_at = models.DateTimeField("attestation envoyée le", null=True, blank=True)
    feedback_requested_at = models.DateTimeField("avis demandé le", null=True, blank=True)
    cancelled_at = models.DateTimeField("annulée le", null=True, blank=True)
    promoted_at = models.DateTimeField("place obtenue le", null=True, blank=True)
    created_at = models.DateTimeField("inscrit le", auto_now_add=True)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        verbose_name_plural = "inscriptions"
        ordering = ["training__starts_at", "waiting_position", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["training", "contact"],
                condition=~models.Q(status=RegistrationStatus.CANCELLED),
                name="registration_once_per_training",
            ),
            models.UniqueConstraint(
                fields=["training", "waiting_position"],
                condition=models.Q(status=RegistrationStatus.WAITING),
                name="registration_waiting_position_unique",
            ),
        ]

    def __str__(self):
        return f"{self.contact} — {self.training}"

    @property
    def holds_place(self) -> bool:
        return self.status in PLACE_HOLDING


class Feedback(models.Model):
    """A present tutor's opinion of the session."""

    registration = models.OneToOneField(
        Registration, verbose_name="inscription", on_delete=models.CASCADE, related_name="feedback"
    )
    satisfaction = models.PositiveSmallIntegerField(
        "satisfaction", validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField("commentaire", blank=True, max_length=2000)
    created_at = models.DateTimeField("donné le", auto_now_add=True)

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        verbose_name = "avis sur une formation"
        verbose_name_plural = "avis sur les formations"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(satisfaction__gte=1, satisfaction__lte=5),
                name="feedback_satisfaction_1_to_5",
            )
        ]

    def __str__(self):
        return f"{self.satisfaction}/5 — {self.registration}"
