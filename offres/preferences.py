"""How an RBDE hears of a new proposal for their school: at once, or in the day's digest."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

# The day's digest leaves at this local hour; what arrives later goes into the next day's.
DIGEST_HOUR = 17


class SubmissionDelivery(models.TextChoices):
    IMMEDIATE = "immediat", "immédiatement, un courriel par proposition"
    DAILY = "quotidien", f"une fois par jour, dans la synthèse du jour (vers {DIGEST_HOUR} h)"


class SubmissionMailPreference(models.Model):
    """A staff user's choice; with no row, the day's digest."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="submission_mail_preference",
        verbose_name="utilisateur",
    )
    delivery = models.CharField(
        "nouvelles propositions d’entreprises",
        max_length=12,
        choices=SubmissionDelivery.choices,
        default=SubmissionDelivery.DAILY,
    )
    changed_at = models.DateTimeField("modifiée le", auto_now=True)

    class Meta:
        app_label = "offres"
        verbose_name = "préférence d’envoi des nouvelles propositions"
        verbose_name_plural = "préférences d’envoi des nouvelles propositions"

    def __str__(self):
        return f"{self.user} — {self.get_delivery_display()}"


def delivery_of(user) -> str:
    """The user's choice (the day's digest unless they chose otherwise)."""
    try:
        return user.submission_mail_preference.delivery
    except SubmissionMailPreference.DoesNotExist:
        return SubmissionDelivery.DAILY


def digest_time(moment: datetime.datetime) -> datetime.datetime:
    """When the digest holding what arrived at `moment` leaves: that day's, else the next."""
    local = timezone.localtime(moment)
    day = local.date() if local.hour < DIGEST_HOUR else local.date() + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(DIGEST_HOUR)))


def due_for(delivery: str, arrived_at: datetime.datetime, now: datetime.datetime):
    """When a person with this choice hears of a proposal that arrived at `arrived_at`."""
    if delivery == SubmissionDelivery.IMMEDIATE:
        return now
    return digest_time(arrived_at)
