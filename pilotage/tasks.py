import time

from celery import shared_task
from django.core.cache import cache

from common.queue import task_debounce_release

from . import services

REFRESH_KEY = "pilotage-indicateurs"  # the debounce of the refreshes asked for (freshness.py)
LAST_RUN_KEY = "pilotage-indicateurs:dernier"  # (start, seconds) of the last run: its spacing


@shared_task
def indicators_refresh() -> int:
    """Rebuild the dashboard's summary table (idempotent: it replaces every row)."""
    # From now on a write is not counted by this run for sure: it may queue the next one.
    task_debounce_release(REFRESH_KEY)
    started = time.time()
    rows = services.indicators_refresh()
    cache.set(LAST_RUN_KEY, (started, time.time() - started), timeout=None)
    return rows
