"""A school's prospects from the companies register: refreshed (a cache of the API's answers)
and added, one by one, as a *prospect* partnership."""

from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from entreprises.naf import naf_codes_for
from entreprises.registry import RegistryUnavailable, search_near_point
from entreprises.services import CompanyError, company_find_or_create
from partenariats.models import Partnership, PartnershipStatus
from partenariats.services import partnership_get_or_create

from ..models import Prospect, ProspectSearch, SchoolDiploma, TradeAreaNaf
from ..routing import haversine_km
from .submissions import SubmissionError

MAX_PAGES = 4  # 100 establishments per school and refresh: 4 calls of the shared 7 per second


def school_naf_prefixes(school) -> list[str]:
    """The NAF codes (or beginnings) of the filières of the diplomas the school prepares."""
    keys = set(
        SchoolDiploma.objects.filter(school=school)
        .exclude(trade_area_key="")
        .values_list("trade_area_key", flat=True)
    )
    prefixes: list[str] = []
    for area in TradeAreaNaf.objects.filter(key__in=keys).order_by("name"):
        prefixes += [p for p in area.prefixes if p not in prefixes]
    return prefixes


def _decimal(value: str, places: str = "0.00001"):
    try:
        return Decimal(value).quantize(Decimal(places))
    except (ArithmeticError, ValueError, TypeError):
        return None


def prospects_refresh(
    *, school, wait: float = 1.0, max_pages: int = MAX_PAGES, search=search_near_point
) -> int:
    """Ask the register for the school's prospects and keep them (replacing the last answer).

    Not one transaction on purpose: the API's pages are read first, outside any, then stored
    at once (`_store`). Raises RegistryUnavailable when the API is off or fails: the last
    answer is kept, and the failure noted. `search` answers in place of the API (the demo
    gives a recorded answer).
    """
    prefixes = school_naf_prefixes(school)
    if school.latitude is None or school.longitude is None or not prefixes:
        _search_error(
            school,
            "Le lycée n’a pas de position connue."
            if school.latitude is None
            else "Aucune filière des diplômes du lycée n’a de codes NAF.",
        )
        return 0
    lat, lon = float(school.latitude), float(school.longitude)
    codes = naf_codes_for(prefixes)
    found: dict[str, object] = {}
    page, total = 1, 1
    try:
        while page <= min(total, max_pages):
            answer = search(
                latitude=lat,
                longitude=lon,
                radius_km=settings.PROSPECTS_RADIUS_KM,
                naf_codes=codes,
                page=page,
                wait=wait,
            )
            total = answer.total_pages
            for etab in answer.establishments:
                if etab.naf_code and any(etab.naf_code.startswith(p) for p in prefixes):
                    found.setdefault(etab.siret, etab)
            page += 1
    except RegistryUnavailable as exc:
        _search_error(school, f"API Recherche d’entreprises indisponible : {exc}")
        raise
    return _store(school=school, lat=lat, lon=lon, found=found, prefixes=prefixes)


@transaction.atomic
def _search_error(school, text: str) -> None:
    search, _ = ProspectSearch.objects.get_or_create(school=school)
    search.error = text[:250]
    search.save(update_fields=["error"])


@transaction.atomic
def _store(*, school, lat, lon, found: dict, prefixes: list[str]) -> int:
    """The register's answer replaces the school's last one (API calls stay outside)."""
    now = timezone.now()
    rows = []
    for etab in found.values():
        elat, elon = _decimal(etab.latitude), _decimal(etab.longitude)
        km = haversine_km(lat, lon, float(elat), float(elon)) if elat and elon else None
        rows.append(
            Prospect(
                school=school,
                siret=etab.siret,
                name=etab.name,
                naf_code=etab.naf_code,
                size_band=etab.size_band,
                address=etab.address,
                postcode=etab.postcode,
                town=etab.town,
                latitude=elat,
                longitude=elon,
                distance_km=_decimal(str(round(km, 1)), "0.1") if km is not None else None,
                found_at=now,
            )
        )
    Prospect.objects.filter(school=school).delete()
    Prospect.objects.bulk_create(rows)
    search, _ = ProspectSearch.objects.get_or_create(school=school)
    search.refreshed_at = now
    search.radius_km = settings.PROSPECTS_RADIUS_KM
    search.naf_codes = ", ".join(prefixes)
    search.found = len(rows)
    search.error = ""
    search.save()
    return len(rows)


@transaction.atomic
def prospect_add(*, prospect: Prospect, by=None) -> Partnership:
    """« Ajouter comme prospect »: the company (the one record per SIRET, created from the
    register's answer if new) and a *prospect* partnership with the school."""
    try:
        company, _ = company_find_or_create(
            siret=prospect.siret,
            defaults={
                "name": prospect.name,
                "naf_code": prospect.naf_code,
                "size_band": prospect.size_band,
                "address": prospect.address,
                "postcode": prospect.postcode,
                "town": prospect.town,
                "latitude": prospect.latitude,
                "longitude": prospect.longitude,
            },
        )
    except CompanyError as exc:
        raise SubmissionError(exc.messages[0]) from exc
    partnership, created = partnership_get_or_create(
        school=prospect.school,
        company=company,
        by=by,
        status=PartnershipStatus.PROSPECT,
        comment="trouvée dans le registre des entreprises (recherche autour du lycée)",
    )
    if not created:
        raise SubmissionError(
            f"{company.name} est déjà dans les partenariats du lycée "
            f"({partnership.get_status_display()})."
        )
    return partnership
