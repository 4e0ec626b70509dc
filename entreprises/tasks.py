from celery import shared_task
from django.utils import timezone

from .geocoding import companies_geocode
from .lookups import companies_refresh_registry
from .services import contacts_anonymise_inactive


@shared_task(name="entreprises.tasks.contacts_anonymise_inactive")
def contacts_anonymise_inactive_task() -> int:
    """Weekly: anonymise contacts with no activity for three years (idempotent)."""
    return contacts_anonymise_inactive(today=timezone.localdate())


@shared_task(name="entreprises.tasks.companies_refresh_registry")
def companies_refresh_registry_task() -> dict:
    """Nightly: check partner companies against the national directory, flag closed ones."""
    return companies_refresh_registry()


@shared_task(name="entreprises.tasks.companies_geocode")
def companies_geocode_task() -> dict:
    """Every 10 minutes: one batch of company addresses geocoded (idempotent)."""
    return companies_geocode()
