from celery import shared_task

from common.queue import task_debounce_release

from . import services

REFRESH_KEY = "pilotage-indicateurs"  # the debounce of the refreshes asked for (freshness.py)


@shared_task
def indicators_refresh() -> int:
    """Rebuild the dashboard's summary table (idempotent: it replaces every row)."""
    # From now on a write is not counted by this run for sure: it may queue the next one.
    task_debounce_release(REFRESH_KEY)
    return services.indicators_refresh()
