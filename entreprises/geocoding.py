"""Company addresses geocoded by the Géoplateforme (data.geopf.fr/geocodage), in batches.

Same pattern as the company directory (registry.py): off by default, one adapter speaking HTTP,
and after 3 failed batches in a row no call for GEOCODING_PAUSE seconds. One request geocodes
a whole batch through the CSV endpoint (`/search/csv`), well under the 50 requests per second.
"""

import csv
import io
import logging
import time
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import requests
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import Company, PositionPrecision

logger = logging.getLogger(__name__)

FAILURES_KEY = "geocodage:failures"
PAUSED_UNTIL_KEY = "geocodage:paused-until"
MAX_FAILURES = 3

FIVE_DECIMALS = Decimal("0.00001")  # the precision of the coordinate fields


class GeocoderUnavailable(Exception):
    pass


def is_paused() -> bool:
    return (cache.get(PAUSED_UNTIL_KEY) or 0) > time.time()


def _record_failure() -> None:
    failures = (cache.get(FAILURES_KEY) or 0) + 1
    cache.set(FAILURES_KEY, failures, settings.GEOCODING_PAUSE)
    if failures >= MAX_FAILURES:
        pause = settings.GEOCODING_PAUSE
        cache.set(PAUSED_UNTIL_KEY, time.time() + pause, pause)
        cache.delete(FAILURES_KEY)
        logger.warning("Géocodage en pause pour %s s", pause)


def _coordinate(value) -> Decimal | None:
    try:
        return Decimal(value).quantize(FIVE_DECIMALS, ROUND_HALF_UP) if value else None
    except InvalidOperation:
        return None


def geocode_batch(
    rows: list[tuple[int, str, str, str]],
) -> dict[int, tuple[Decimal, Decimal, str]]:
    """(id, street, postcode, town) rows -> {id: (latitude, longitude, precision)} found.

    The precision is the match's `result_type`: a house number or a street places the company;
    a municipality or a locality (lieu-dit) is only the town's point, kept as approximate,
    however high its score (a town name alone scores 0.96). Other types are not kept.

    Raises GeocoderUnavailable when switched off, paused or failing.
    """
    if not settings.GEOCODING_ENABLED:
        raise GeocoderUnavailable("désactivé")
    if is_paused():
        raise GeocoderUnavailable("en pause")
    body = io.StringIO()
    writer = csv.writer(body)
    writer.writerow(["id", "adresse", "code_postal", "commune"])
    writer.writerows(rows)
    try:
        response = requests.post(
            f"{settings.GEOCODING_URL}/search/csv",
            files={"data": ("adresses.csv", body.getvalue().encode(), "text/csv")},
            data=[("columns", "adresse"), ("columns", "commune"), ("postcode", "code_postal")],
            timeout=settings.GEOCODING_TIMEOUT,
        )
    except requests.RequestException as exc:
        _record_failure()
        raise GeocoderUnavailable(str(exc)) from exc
    if response.status_code != 200:
        _record_failure()
        raise GeocoderUnavailable(f"HTTP {response.status_code}")
    cache.delete(FAILURES_KEY)
    found = {}
    for row in csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))):
        try:
            score = float(row.get("result_score") or 0)
            pk = int(row["id"])
        except (KeyError, ValueError):
            continue
        latitude, longitude = _coordinate(row.get("latitude")), _coordinate(row.get("longitude"))
        precision = row.get("result_type") or ""
        if (
            score >= settings.GEOCODING_MIN_SCORE
            and precision in PositionPrecision.values
            and latitude is not None
            and longitude is not None
        ):
            found[pk] = (latitude, longitude, precision)
    return found


def companies_to_geocode():
    """Companies with a town but no coordinates, never tried yet."""
    return (
        Company.objects.active()
        .filter(latitude__isnull=True, geocoded_at__isnull=True)
        .exclude(town="")
        .order_by("pk")
    )


@transaction.atomic
def companies_geocode(*, batch_size: int | None = None) -> dict:
    """Geocode one batch of companies; each row tried is marked, found or not (idempotent)."""
    counts = {"sent": 0, "found": 0}
    if not settings.GEOCODING_ENABLED or is_paused():
        return counts
    companies = list(
        companies_to_geocode()
        .select_for_update(skip_locked=True)
        .values_list("pk", "address", "postcode", "town")[: batch_size or settings.GEOCODING_BATCH]
    )
    if not companies:
        return counts
    try:
        found = geocode_batch(companies)
    except GeocoderUnavailable as exc:
        logger.info("Géocodage reporté : %s", exc)
        return counts
    now = timezone.now()
    for pk, (latitude, longitude, precision) in found.items():
        Company.objects.filter(pk=pk).update(
            latitude=latitude, longitude=longitude, position_precision=precision
        )
    Company.objects.filter(pk__in=[row[0] for row in companies]).update(geocoded_at=now)
    counts.update(sent=len(companies), found=len(found))
    return counts
