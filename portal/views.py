from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import broker_state, database_state, last_heartbeat


@never_cache
@require_GET
def healthz(request):
    database = database_state()
    broker = broker_state()
    ok = database["ok"] and broker["ok"]
    payload = {
        "status": "ok" if ok else "error",
        "database": database,
        "broker": broker,
        "worker_last_heartbeat": last_heartbeat() if database["ok"] else None,
    }
    if not ok:
        payload["failed"] = [name for name in ("database", "broker") if not payload[name]["ok"]]
    return JsonResponse(payload, status=200 if ok else 503)
