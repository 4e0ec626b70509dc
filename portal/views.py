import logging

from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from etablissements.querysets import is_academy_admin

from .health import broker_state, database_state, last_heartbeat

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def healthz(request):
    """ok/error of the database and the broker. Details (engine, transport, the error itself,
    the worker's last heartbeat) only for an academy administrator: an anonymous caller learns
    nothing of the infrastructure; the errors go to the server log."""
    database = database_state()
    broker = broker_state()
    ok = database["ok"] and broker["ok"]
    for name, state in (("database", database), ("broker", broker)):
        if not state["ok"]:
            logger.warning("healthz: %s en échec : %s", name, state.get("error", ""))
    detailed = is_academy_admin(request.user)
    payload = {
        "status": "ok" if ok else "error",
        "database": database if detailed else {"ok": database["ok"]},
        "broker": broker if detailed else {"ok": broker["ok"]},
    }
    heartbeat = last_heartbeat() if database["ok"] else None
    # Whether a worker ever reported (ok/error, as the others); its time for the academy.
    payload["worker"] = {"ok": heartbeat is not None}
    if detailed:
        payload["worker_last_heartbeat"] = heartbeat
    if not ok:
        payload["failed"] = [name for name in ("database", "broker") if not payload[name]["ok"]]
    return JsonResponse(payload, status=200 if ok else 503)
