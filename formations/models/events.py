"""Events and the invitations of the partners to them."""

import uuid

from django.conf import settings
from django.db import models

from ..querysets import (
    EventQuerySet,
    InvitationQuerySet,
)


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
