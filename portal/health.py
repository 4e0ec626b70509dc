"""What /healthz reports: does the database answer, does the broker answer."""

from django.db import connection

from .celery import app
from .models import Heartbeat


def database_state() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"
        return {"ok": False, "error": str(exc)[:200]}
    return {"ok": True, "engine": connection.vendor}


def broker_state(url: str | None = None) -> dict:
    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=3)
            transport = conn.transport_cls
    except Exception as exc:  # noqa: BLE001
        return {"ok": False, "error": str(exc)[:200]}
    return {"ok": True, "transport": str(transport)}


def last_heartbeat() -> str | None:
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except Exception:  # noqa: BLE001 - the database state already says why
        return None
    return beat.ran_at.isoformat() if beat else None
