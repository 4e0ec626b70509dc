"""Tutor-training sessions, mentoring pairs and partner events, run by a school's staff."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from offres.mentoring import MENTORING_MIN_HOURS_PER_MONTH, MENTORING_MIN_MONTHS

from .choices import PLACE_HOLDING, RegistrationStatus
from .querysets import (
    EventQuerySet,
    FeedbackQuerySet,
    InvitationQuerySet,
    MentoringPairQuerySet,
    MonthlyCheckInQuerySet,
    RegistrationQuerySet,
    TutorTrainingQuerySet,
)

# The mentoring rule (seed 004): at least 2 hours a month for at least 6 months.


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


class EventKind(models.TextChoices):
    RENTREE = "rentree", "rentrée"
    LP_WEEK = "semaine_lp", "semaine des lycées professionnels"
    FIRST_PFMP = "premiere_pfmp", "préparation d’une première PFMP"
    CEREMONY = "remise_diplomes", "cérémonie de remise des diplômes"
    DATING = "job_dating", "job dating / stage dating"
    OTHER = "autre", "autre événement proposé aux tuteurs et partenaires"


class Event(models.Model):
    """A key moment of the school year where partners are invited."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="partner_events",
    )
    kind = models.CharField("type", max_length=20, choices=EventKind.choices)
    title = models.CharField("intitulé", max_length=200)
    starts_at = models.DateTimeField("date et heure", db_index=True)
    place = models.CharField("lieu", max_length=250)
    description = models.TextField("présentation", blank=True)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignants qui l’organisent",
        blank=True,
        related_name="organised_events",
        help_text="Comptés dans leur mission « lien école-entreprise » du Pacte.",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement partenaire"
        verbose_name_plural = "événements partenaires"
        ordering = ["-starts_at", "pk"]

    def __str__(self):
        return self.title


class RsvpStatus(models.TextChoices):
    PENDING = "en_attente", "sans réponse"
    YES = "oui", "vient"
    NO = "non", "ne vient pas"


class Invitation(models.Model):
    """A partner invited to an event, its answer and whether they came."""

    event = models.ForeignKey(
        Event, verbose_name="événement", on_delete=models.CASCADE, related_name="invitations"
    )
    company = models.ForeignKey(
        "entreprises.Company",
        verbose_name="entreprise",
        on_delete=models.CASCADE,
        related_name="event_invitations",
    )
    contact = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_invitations",
    )
    email = models.EmailField("courriel")
    rsvp = models.CharField(
        "réponse", max_length=12, choices=RsvpStatus.choices, default=RsvpStatus.PENDING
    )
    responded_at = models.DateTimeField("répondu le", null=True, blank=True)
    attended = models.BooleanField("présent", null=True, blank=True)
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    token = models.UUIDField("jeton", default=uuid.uuid4, unique=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["event", "company__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "email"], name="invitation_once_per_email")
        ]

    def __str__(self):
        return f"{self.email} — {self.event}"
