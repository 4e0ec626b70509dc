from celery import shared_task

from . import services


@shared_task
def indicators_refresh() -> int:
    """Rebuild the dashboard's summary table (idempotent: it replaces every row)."""
    return services.indicators_refresh()
