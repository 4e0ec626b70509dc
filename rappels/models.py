"""The reminder log: one row per (rule, object, recipient, occasion), claimed before sending."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models

from common.queue import ClaimedRow
from etablissements.querysets import SchoolScopedQuerySet

from .rules import REGISTRY


class ReminderStatus(models.TextChoices):
    PENDING = "en_attente", "en attente"
    CLAIMED = "en_cours", "en cours d’envoi"
    SENT = "envoye", "envoyé"
    FAILED = "echec", "échec"
    SKIPPED = "ignore", "ignoré"


class ReminderQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def pending(self):
        return self.filter(status=ReminderStatus.PENDING)

    def due(self, now):
        return self.filter(status=ReminderStatus.PENDING, due_at__lte=now)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )

    def for_user(self, user, roles=None):
        """Rows of the user's schools, plus the reminders addressed to the user themselves."""
        scoped = super().for_user(user, roles)
        if not user or not user.is_authenticated or not user.is_active:
            return scoped
        return scoped | self.filter(recipient_user=user)


class Reminder(ClaimedRow):
    """A reminder owed to one person about one object, for one occasion."""

    rule_code = models.CharField("règle", max_length=80)
    kind = models.CharField(
        "catégorie", max_length=80, help_text="Un désabonnement vaut pour toute la catégorie."
    )
    content_type = models.ForeignKey(
        ContentType, on_delete=models.CASCADE, related_name="+", verbose_name="type d’objet"
    )
    object_id = models.PositiveBigIntegerField("identifiant de l’objet")
    object_label = models.CharField("objet", max_length=255, blank=True)
    school = models.ForeignKey(
        "etablissements.School",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="établissement",
    )
    occasion = models.CharField(
        "occasion", max_length=100, help_text="Ce qui rend légitime un nouvel envoi (une date…)."
    )
    recipient_email = models.EmailField("destinataire")
    recipient_name = models.CharField("nom du destinataire", max_length=200, blank=True)
    recipient_first_name = models.CharField("prénom du destinataire", max_length=150, blank=True)
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reminders",
        verbose_name="compte du destinataire",
    )
    recipient_contact_id = models.PositiveBigIntegerField("contact destinataire", null=True)
    external = models.BooleanField("destinataire extérieur", default=False)
    status = models.CharField(
        "statut", max_length=12, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    created_at = models.DateTimeField("planifié le", auto_now_add=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        verbose_name = "rappel"
        verbose_name_plural = "rappels"
        ordering = ["-due_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule_code", "content_type", "object_id", "recipient_email", "occasion"],
                name="reminder_once_per_occasion",
            )
        ]
        indexes = [
            models.Index(fields=["status", "due_at"], name="reminder_status_due"),
            models.Index(fields=["recipient_email", "status"], name="reminder_recipient_status"),
            models.Index(fields=["claim_token"], name="reminder_claim_token"),
            models.Index(fields=["content_type", "object_id"], name="reminder_object"),
            models.Index(fields=["school", "status"], name="reminder_school_status"),
        ]

    def __str__(self):
        return f"{self.rule_label} — {self.object_label} — {self.recipient_email}"

    @property
    def rule_label(self) -> str:

        rule = REGISTRY.get(self.rule_code)
        return rule.label if rule else self.rule_code


class StaffOptOut(models.Model):
    """A staff user who chose, in their profile, not to get one reminder rule."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="reminder_opt_outs",
        verbose_name="utilisateur",
    )
    rule_code = models.CharField("règle", max_length=80)

    class Meta:
        verbose_name = "rappel désactivé"
        verbose_name_plural = "rappels désactivés"
        constraints = [
            models.UniqueConstraint(fields=["user", "rule_code"], name="staff_opt_out_once")
        ]

    def __str__(self):
        return f"{self.user} — {self.rule_code}"
