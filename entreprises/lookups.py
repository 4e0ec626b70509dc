"""A company from its SIRET: the national directory's answer, cached in the database with its date.

Everything here works with the directory switched off or unreachable: the answer is then
"unavailable" and the person types the company's details as without it.
"""

import dataclasses
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from etablissements.dashboard_cache import figures_changed

from . import registry
from .models import Company, SiretLookup

logger = logging.getLogger(__name__)

FOUND, PRIVATE, UNKNOWN, UNAVAILABLE = "found", "private", "unknown", "unavailable"


@dataclasses.dataclass
class LookupResult:
    status: str  # FOUND, PRIVATE (known, non-diffusible: nothing to show), UNKNOWN or UNAVAILABLE
    establishment: registry.Establishment | None = None
    fetched_at: datetime.datetime | None = None

    @property
    def closed(self) -> bool:
        return bool(self.establishment and self.establishment.closed)


def _result_from_row(row: SiretLookup) -> LookupResult:
    if not row.found:
        return LookupResult(UNKNOWN, fetched_at=row.fetched_at)
    fields = {f.name for f in dataclasses.fields(registry.Establishment)}
    data = {k: v for k, v in row.data.items() if k in fields}
    if any(registry.NON_DIFFUSIBLE in str(value).upper() for value in data.values()):
        # Cached before masked answers were recognised: known, and private.
        data = {"siret": row.siret, "name": "", "closed": row.closed, "private": True}
    establishment = registry.Establishment(**data)
    status = PRIVATE if establishment.private else FOUND
    return LookupResult(status, establishment, row.fetched_at)


def _is_fresh(row: SiretLookup) -> bool:
    age = timezone.now() - row.fetched_at
    return age < datetime.timedelta(days=settings.RECHERCHE_ENTREPRISES_CACHE_DAYS)


@transaction.atomic
def siret_lookup(*, siret: str, refresh: bool = False, wait: float = 1.0) -> LookupResult:
    """What the directory says of a (valid, normalised) SIRET: from the cache while it is fresh."""
    row = SiretLookup.objects.filter(siret=siret).first()
    if row and not refresh and _is_fresh(row):
        return _result_from_row(row)
    try:
        establishment = registry.fetch_establishment(siret, wait=wait)
    except registry.RegistryUnavailable as exc:
        logger.info("SIRET %s non vérifié : %s", siret, exc)
        # An old answer is better than none.
        return _result_from_row(row) if row else LookupResult(UNAVAILABLE)
    now = timezone.now()
    row, _ = SiretLookup.objects.update_or_create(
        siret=siret,
        defaults={
            "found": establishment is not None,
            "closed": bool(establishment and establishment.closed),
            "data": establishment.as_dict() if establishment else {},
            "fetched_at": now,
        },
    )
    return _result_from_row(row)


def closed_on_date(result: LookupResult) -> datetime.date | None:
    if not result.closed:
        return None
    try:
        return datetime.date.fromisoformat(result.establishment.closed_on)
    except (TypeError, ValueError):
        # Closed with no date given: flagged from the day it was seen.
        return timezone.localdate()


def partner_companies():
    """Companies in a partnership with a school, still in use."""
    return Company.objects.active().filter(
        Exists(Company.partnerships.rel.related_model.objects.filter(company=OuterRef("pk")))
    )


@transaction.atomic
def company_check_registry(*, company: Company, result: LookupResult) -> bool:
    """Record what the directory says of a company; True when it is newly seen closed."""
    if result.status == UNAVAILABLE:
        return False
    closed_on = closed_on_date(result)
    newly_closed = closed_on is not None and company.closed_on is None
    if closed_on is not None and company.closed_on is not None:
        closed_on = company.closed_on  # the date first seen stays
    Company.objects.filter(pk=company.pk).update(
        closed_on=closed_on, registry_checked_at=timezone.now()
    )
    figures_changed()  # update() sends no signal: the academy's "fermée" list counts move
    if newly_closed:
        logger.info("Établissement fermé : %s (SIRET %s)", company.name, company.siret)
    return newly_closed


def companies_refresh_registry(*, batch_size: int = 500) -> dict:
    """Check partner companies not checked for CACHE_DAYS against the directory, oldest first.

    Stops early when the directory pauses (circuit breaker): the next run goes on.
    """
    counts = {"checked": 0, "closed": 0, "unavailable": 0}
    if not registry.is_enabled():
        return counts
    stale_before = timezone.now() - datetime.timedelta(
        days=settings.RECHERCHE_ENTREPRISES_CACHE_DAYS
    )
    companies = (
        partner_companies()
        .filter(Q(registry_checked_at__isnull=True) | Q(registry_checked_at__lt=stale_before))
        .order_by("registry_checked_at", "pk")[:batch_size]
    )
    for company in companies:
        result = siret_lookup(siret=company.siret, refresh=True, wait=2.0)
        if result.status == UNAVAILABLE:
            counts["unavailable"] += 1
            if registry.is_paused():
                break
            continue
        counts["checked"] += 1
        if company_check_registry(company=company, result=result):
            counts["closed"] += 1
    return counts
