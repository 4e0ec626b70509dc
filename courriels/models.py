"""The outbox: every mail the portal sends is a row, and one table of opt-outs.

A row is written in the transaction that causes the mail; the task `courriels.tasks.send`
claims rows in batches, sends them on one SMTP connection and marks each one.
"""

import base64

from django.contrib.contenttypes.models import ContentType
from django.db import models

from common.queue import ClaimedRow
from etablissements.querysets import SchoolScopedQuerySet

# The kind of a mail nobody can opt out of (an acknowledgement the person asked for, a link).
TRANSACTIONAL = ""
# An opt-out of this kind stops every mail that is not transactional.
ALL_KINDS = "tout"


class EmailStatus(models.TextChoices):
    PENDING = "en_attente", "en attente"
    SENDING = "en_cours", "en cours d’envoi"
    SENT = "envoye", "envoyé"
    FAILED = "echec", "échec"
    SKIPPED = "ignore", "non envoyé (désabonné)"


class EmailQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def due(self, now):
        return self.filter(status=EmailStatus.PENDING, due_at__lte=now)

    def for_object(self, obj):
        return self.filter(
            content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
            object_id=obj.pk,
        )


class Email(ClaimedRow):
    """One mail to one person, from its writing to its sending (or its failure)."""

    kind = models.CharField(
        "catégorie",
        max_length=80,
        blank=True,
        help_text="Un désabonnement vaut pour toute la catégorie ; vide : courriel de service.",
    )
    to_email = models.EmailField("destinataire")
    subject = models.CharField("objet", max_length=255)
    body_text = models.TextField("texte")
    body_html = models.TextField("texte mis en forme", blank=True)
    headers = models.JSONField("en-têtes", default=dict, blank=True)
    attachments = models.JSONField(
        "pièces jointes", default=list, blank=True, help_text="[{filename, mimetype, base64}]"
    )
    content_type = models.ForeignKey(
        ContentType,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="type d’objet",
    )
    object_id = models.PositiveBigIntegerField("identifiant de l’objet", null=True, blank=True)
    object_label = models.CharField("à propos de", max_length=255, blank=True)
    school = models.ForeignKey(
        "etablissements.School",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
        verbose_name="établissement",
    )
    status = models.CharField(
        "statut", max_length=12, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    created_at = models.DateTimeField("écrit le", auto_now_add=True)

    objects = EmailQuerySet.as_manager()

    class Meta:
        verbose_name = "courriel"
        verbose_name_plural = "courriels"
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="email_status_due"),
            models.Index(fields=["claim_token"], name="email_claim_token"),
            models.Index(fields=["content_type", "object_id"], name="email_object"),
            models.Index(fields=["school", "status"], name="email_school_status"),
            models.Index(fields=["to_email"], name="email_to"),
        ]

    def __str__(self):
        return f"{self.subject} — {self.to_email}"

    def attachment_files(self) -> list[tuple[str, bytes, str]]:
        return [
            (item["filename"], base64.b64decode(item["base64"]), item["mimetype"])
            for item in self.attachments
        ]


class OptOut(models.Model):
    """An address that asked for no more mails of one kind (`tout`: of any optional kind)."""

    email = models.EmailField("courriel")
    kind = models.CharField("catégorie de courriels", max_length=80)
    created_at = models.DateTimeField("désabonné le", auto_now_add=True)

    class Meta:
        verbose_name = "désabonnement"
        verbose_name_plural = "désabonnements"
        constraints = [models.UniqueConstraint(fields=["email", "kind"], name="opt_out_once")]

    def __str__(self):
        return f"{self.email} — {self.kind}"
