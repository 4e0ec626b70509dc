"""Tokens of the read-only API: one per school (or for the whole académie), revocable.

Only a hash of the key is stored; the key itself is shown once, when the token is created.
"""

import hashlib

from django.conf import settings
from django.db import models

from etablissements.querysets import is_academy_admin


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """Tokens are the academy administrator's business."""
        if is_academy_admin(user) and not roles:
            return self
        return self.none()

    def usable(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    name = models.CharField(
        "nom", max_length=120, help_text="L’outil qui s’en sert, par exemple « tableur du BDE »."
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
        help_text="Vide : le jeton lit les données de toute l’académie.",
    )
    prefix = models.CharField("début de la clé", max_length=8, editable=False)
    key_hash = models.CharField("empreinte de la clé", max_length=64, unique=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="créé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    last_used_at = models.DateTimeField(
        "dernière utilisation", null=True, blank=True, editable=False
    )
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True, editable=False)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d’accès à l’API"
        verbose_name_plural = "jetons d’accès à l’API"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.scope_label})"

    @property
    def scope_label(self) -> str:
        return self.school.name if self.school_id else "toute l’académie"

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None
