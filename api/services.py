import secrets

from django.db import transaction
from django.utils import timezone

from .models import ApiToken, key_hash


class ApiTokenError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def api_token_create(*, name: str, school=None, by=None) -> tuple[ApiToken, str]:
    """A new token; returns it with its key, which is never stored nor shown again."""
    name = (name or "").strip()
    if not name:
        raise ApiTokenError("Donnez un nom au jeton : l’outil qui s’en servira.")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name, school=school, prefix=key[:8], key_hash=key_hash(key), created_by=by
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, token: ApiToken) -> ApiToken:
    """The token stops working at once (idempotent)."""
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def api_token_authenticate(key: str) -> ApiToken | None:
    """The usable token of this key, its last use noted (at most once a minute)."""
    if not key or len(key) > 200:
        return None
    tokens = ApiToken.objects.usable().select_related("school")
    token = tokens.filter(key_hash=key_hash(key)).first()
    if token is None:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
