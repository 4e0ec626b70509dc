"""Adapter to the API Recherche d'entreprises (recherche-entreprises.api.gouv.fr).

Only this module speaks HTTP to the API. It keeps under the API's rate (7 requests per second,
counted in the shared cache) and stops calling for a while after 3 failures in a row (circuit
breaker), so that a slow or refusing API never blocks the portal nor gets its address banned.
"""

import dataclasses
import logging
import time

import requests
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError

from .models import SizeBand
from .validators import validate_naf

logger = logging.getLogger(__name__)

FAILURES_KEY = "recherche-entreprises:failures"
PAUSED_UNTIL_KEY = "recherche-entreprises:paused-until"
RATE_KEY = "recherche-entreprises:second:{}"
MAX_FAILURES = 3

NON_DIFFUSIBLE = "[NON-DIFFUSIBLE]"  # what the API writes in place of what it may not show

# INSEE's "tranche d'effectif salarié" codes -> the portal's size bands. "NN" is "unités non
# employeuses ou effectif inconnu": not a band, so the legal unit's band is used instead.
SIZE_BANDS = {
    "00": SizeBand.NONE,
    "01": SizeBand.MICRO,
    "02": SizeBand.MICRO,
    "03": SizeBand.MICRO,
    "11": SizeBand.SMALL,
    "12": SizeBand.SMALL,
    "21": SizeBand.MEDIUM,
    "22": SizeBand.MEDIUM,
    "31": SizeBand.MEDIUM,
    "32": SizeBand.MID,
    "41": SizeBand.MID,
    "42": SizeBand.MID,
    "51": SizeBand.MID,
    "52": SizeBand.LARGE,
    "53": SizeBand.LARGE,
}


class RegistryUnavailable(Exception):
    """The API did not answer usefully (off, paused, busy, error): the person types by hand."""


@dataclasses.dataclass
class Establishment:
    siret: str
    name: str
    naf_code: str = ""
    size_band: str = ""
    address: str = ""
    postcode: str = ""
    town: str = ""
    closed: bool = False
    closed_on: str = ""  # ISO date, as the API gives it
    latitude: str = ""
    longitude: str = ""
    # Known to the directory but non-diffusible (the person asked INSEE not to publish it):
    # nothing of it is shown nor filled in.
    private: bool = False

    def as_dict(self) -> dict:
        return dataclasses.asdict(self)


def is_enabled() -> bool:
    return bool(settings.RECHERCHE_ENTREPRISES_ENABLED)


def is_paused() -> bool:
    return (cache.get(PAUSED_UNTIL_KEY) or 0) > time.time()


def _record_failure(*, pause_for: int | None = None) -> None:
    failures = (cache.get(FAILURES_KEY) or 0) + 1
    cache.set(FAILURES_KEY, failures, settings.RECHERCHE_ENTREPRISES_PAUSE)
    if failures >= MAX_FAILURES or pause_for:
        pause = max(pause_for or 0, settings.RECHERCHE_ENTREPRISES_PAUSE)
        cache.set(PAUSED_UNTIL_KEY, time.time() + pause, pause)
        cache.delete(FAILURES_KEY)
        logger.warning("API Recherche d'entreprises en pause pour %s s", pause)


def _record_success() -> None:
    cache.delete(FAILURES_KEY)


def _take_slot(*, wait: float) -> bool:
    """One of the RATE calls of the current second, waiting up to `wait` seconds for one."""
    deadline = time.monotonic() + wait
    while True:
        now = time.time()
        key = RATE_KEY.format(int(now))
        cache.add(key, 0, 5)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, 5)
            count = 1
        if count <= settings.RECHERCHE_ENTREPRISES_RATE:
            return True
        pause = 1 - (now % 1) + 0.01
        if time.monotonic() + pause > deadline:
            return False
        time.sleep(pause)


def _retry_after(response) -> int:
    try:
        return int(response.headers.get("Retry-After", "0"))
    except ValueError:
        return 0


def _get(path: str, params: dict, *, wait: float) -> dict:
    """One call of the API, under its rate and behind the circuit breaker: the JSON answer.

    Raises RegistryUnavailable when switched off, paused, over the rate or failing.
    """
    if not is_enabled():
        raise RegistryUnavailable("désactivée")
    if is_paused():
        raise RegistryUnavailable("en pause")
    if not _take_slot(wait=wait):
        raise RegistryUnavailable("trop de demandes")
    try:
        response = requests.get(
            f"{settings.RECHERCHE_ENTREPRISES_URL}{path}",
            params=params,
            timeout=settings.RECHERCHE_ENTREPRISES_TIMEOUT,
            headers={"Accept": "application/json"},
        )
    except requests.RequestException as exc:
        _record_failure()
        raise RegistryUnavailable(str(exc)) from exc
    if response.status_code == 429:
        _record_failure(pause_for=_retry_after(response) or None)
        raise RegistryUnavailable("429")
    if response.status_code != 200:
        _record_failure()
        raise RegistryUnavailable(f"HTTP {response.status_code}")
    try:
        payload = response.json()
    except ValueError as exc:
        _record_failure()
        raise RegistryUnavailable("réponse illisible") from exc
    _record_success()
    return payload


def fetch_establishment(siret: str, *, wait: float = 1.0) -> Establishment | None:
    """The establishment with this SIRET, None if the API does not know it (new, or absent).

    Raises RegistryUnavailable when switched off, paused, over the rate or failing.
    """
    payload = _get("/search", {"q": siret, "page": 1, "per_page": 5}, wait=wait)
    return parse_search(payload, siret)


NEAR_POINT_MAX_RADIUS = 50  # km, the API's limit
NEAR_POINT_PER_PAGE = 25  # the API's largest page


@dataclasses.dataclass
class NearPage:
    establishments: list[Establishment]
    page: int
    total_pages: int


def search_near_point(
    *,
    latitude: float,
    longitude: float,
    radius_km: float,
    naf_codes: list[str],
    page: int = 1,
    wait: float = 1.0,
) -> NearPage:
    """One page of the open, public establishments within `radius_km` of a point whose NAF code
    is one of `naf_codes` (`/near_point`; closed ones, which it returns too, are left out)."""
    payload = _get(
        "/near_point",
        {
            "lat": f"{latitude:.5f}",
            "long": f"{longitude:.5f}",
            "radius": min(radius_km, NEAR_POINT_MAX_RADIUS),
            "activite_principale": ",".join(naf_codes),
            "page": page,
            "per_page": NEAR_POINT_PER_PAGE,
            "limite_matching_etablissements": 100,
        },
        wait=wait,
    )
    return parse_near_point(payload)


def parse_near_point(payload: dict) -> NearPage:
    """The open, public establishments of a `/near_point` (or `/search`) answer."""
    found = []
    for unit in payload.get("results") or []:
        name = _unit_name(unit)
        for etab in unit.get("matching_etablissements") or []:
            if etab.get("etat_administratif") != "A" or _is_private(unit, etab) or not name:
                continue
            siret = str(etab.get("siret") or "")
            if len(siret) != 14 or not siret.isdigit():
                continue
            found.append(_establishment(unit, etab))
    return NearPage(
        establishments=found,
        page=int(payload.get("page") or 1),
        total_pages=int(payload.get("total_pages") or 1),
    )


def _public(value) -> str:
    """A field of the answer, empty when the API masks it."""
    text = "" if value is None else str(value).strip()
    return "" if NON_DIFFUSIBLE in text.upper() else text


def _is_private(unit: dict, etab: dict) -> bool:
    return (
        unit.get("statut_diffusion") == "P"
        or etab.get("statut_diffusion_etablissement") == "P"
        or NON_DIFFUSIBLE in str(unit.get("nom_complet") or "").upper()
    )


def _naf_code(etab: dict, unit: dict) -> str:
    """The establishment's NAF code if the portal's check accepts it.

    Closed establishments keep codes of the older nomenclature ("51.4A", NAF rev. 1), which the
    form would then refuse: such a code is left for the person to type.
    """
    code = _public(etab.get("activite_principale")) or _public(unit.get("activite_principale"))
    try:
        validate_naf(code)
    except ValidationError:
        return ""
    return code


def _size_band(etab: dict, unit: dict) -> str:
    """The establishment's band, or the legal unit's when the establishment's is unknown (NN)."""
    for code in (etab.get("tranche_effectif_salarie"), unit.get("tranche_effectif_salarie")):
        if code in SIZE_BANDS:
            return str(SIZE_BANDS[code])
    return ""


def parse_search(payload: dict, siret: str) -> Establishment | None:
    """The establishment `siret` in a /search answer (head office or a matching establishment)."""
    for unit in payload.get("results") or []:
        candidates = [unit.get("siege") or {}, *(unit.get("matching_etablissements") or [])]
        for etab in candidates:
            if etab.get("siret") != siret:
                continue
            closed = etab.get("etat_administratif") == "F"
            closed_on = _public(etab.get("date_fermeture"))
            if _is_private(unit, etab):
                return Establishment(
                    siret=siret, name="", closed=closed, closed_on=closed_on, private=True
                )
            return _establishment(unit, etab, closed=closed, closed_on=closed_on)
    return None


def _unit_name(unit: dict) -> str:
    return _public(unit.get("nom_raison_sociale")) or _public(unit.get("nom_complet"))


def _establishment(unit: dict, etab: dict, **state) -> Establishment:
    """A public establishment of an answer, cut to the lengths of the company's fields."""
    return Establishment(
        siret=str(etab.get("siret") or ""),
        name=_unit_name(unit)[:200],
        naf_code=_naf_code(etab, unit),
        size_band=_size_band(etab, unit),
        address=_street(etab)[:250],
        postcode=_public(etab.get("code_postal"))[:5],
        town=_public(etab.get("libelle_commune"))[:120],
        latitude=_public(etab.get("latitude")),
        longitude=_public(etab.get("longitude")),
        **state,
    )


def _street(etab: dict) -> str:
    """The street part of the address (the form has postcode and town apart)."""
    address = _public(etab.get("adresse"))
    tail = " ".join(
        p for p in [_public(etab.get("code_postal")), _public(etab.get("libelle_commune"))] if p
    )
    if address and tail and address.endswith(tail):
        return address[: -len(tail)].strip()
    parts = [
        _public(etab.get("numero_voie")),
        _public(etab.get("indice_repetition")),
        _public(etab.get("type_voie")),
        _public(etab.get("libelle_voie")),
    ]
    return " ".join(p for p in parts if p) or address
