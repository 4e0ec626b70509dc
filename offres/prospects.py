"""Which schools' prospects are due for a refresh, and the periodic refresh itself."""

import datetime

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone

from entreprises.registry import RegistryUnavailable, is_enabled
from etablissements.models import School

from .models import ProspectSearch, SchoolDiploma, TradeAreaNaf
from .services.prospects import prospects_refresh

BATCH = 20  # schools per run: at most 80 calls, about 12 s at 7 calls per second


def schools_due(now=None):
    """Schools with a position and a filière of the table, never searched or searched more than
    PROSPECTS_REFRESH_DAYS ago, the oldest first."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(days=settings.PROSPECTS_REFRESH_DAYS)
    with_trades = Exists(
        SchoolDiploma.objects.filter(
            school=OuterRef("pk"),
            trade_area_key__in=TradeAreaNaf.objects.values("key"),
        )
    )
    searched = ProspectSearch.objects.filter(school=OuterRef("pk"))
    return (
        School.objects.filter(with_trades, latitude__isnull=False, longitude__isnull=False)
        .filter(
            ~Exists(searched)
            | Exists(searched.filter(Q(refreshed_at__isnull=True) | Q(refreshed_at__lt=stale)))
        )
        .order_by(F("prospect_search__refreshed_at").asc(nulls_first=True), "pk")
    )


def prospects_refresh_due(batch: int = BATCH) -> dict:
    if not is_enabled():
        return {"refreshed": 0, "stopped": "RECHERCHE_ENTREPRISES_ENABLED=false"}
    refreshed = 0
    for school in schools_due()[:batch]:
        try:
            prospects_refresh(school=school, wait=2.0)
        except RegistryUnavailable as exc:
            return {"refreshed": refreshed, "stopped": str(exc)}
        refreshed += 1
    return {"refreshed": refreshed, "stopped": ""}
