"""Which schools should receive a company's need: those preparing the trades concerned, nearest
first (a read: no write here; `submission_create` sends to what this proposes).

The trades come from the filière the company names, a diploma it names (the schools' own name
for it, the BCN label or code), or its NAF code through the académie's table filière → NAF
(`TradeAreaNaf`). The place is the company's coordinates (its record, geocoded; the register's
answer for its SIRET), else the schools of its postcode or town; the distance is 10, 25 or 50 km
or its département. At national size the search reads only the schools in a box around the
company (one query on latitude/longitude), then sorts them by great-circle distance.

A school without coordinates is never dropped: those of the company's département that prepare
the trade come last, with a note. When no school within the distance prepares the trade, the
answer says so and names the nearest that do, and the académie's contact.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Exists, OuterRef, Q

from entreprises.models import Company, SiretLookup, name_key
from entreprises.validators import departement_from_postcode
from etablissements.models import School

from .models import SchoolDiploma, TradeAreaNaf

DISTANCES = [("10", "10 km"), ("25", "25 km"), ("50", "50 km"), ("dep", "mon département")]
DEFAULT_DISTANCE = "25"
NEAREST_ELSEWHERE = 3
# Boxes tried in turn when no school prepares the trade within the distance (km); None: all.
WIDER = (100, 250, None)
KM_PER_DEGREE = 111.2
NO_POSITION_NOTE = "position du lycée inconnue : distance non calculée"


@dataclass(frozen=True)
class ProposedSchool:
    school_id: int
    name: str
    town: str
    distance_km: float | None = None
    note: str = ""

    @property
    def distance_label(self) -> str:
        if self.distance_km is None:
            return self.note
        return f"à {max(1, round(self.distance_km))} km"


@dataclass
class Routing:
    schools: list[ProposedSchool] = field(default_factory=list)
    # No school within the distance prepares the trade: the nearest ones that do.
    nearest_elsewhere: list[ProposedSchool] = field(default_factory=list)
    trade_areas: list[str] = field(default_factory=list)
    placed: bool = False  # the company's position is known
    within: bool = False  # some school with a position prepares the trade within the distance
    distance: str = DEFAULT_DISTANCE
    academy_contact: str = ""

    @property
    def found(self) -> bool:
        return self.within

    @property
    def with_distance(self) -> list[ProposedSchool]:
        return [s for s in self.schools if s.distance_km is not None]

    def default_choice(self, count: int | None = None) -> list[int]:
        """The schools a proposal goes to when the company ticks none: the nearest `count`."""
        count = count or settings.ROUTING_MAX_SCHOOLS
        ranked = self.with_distance or (self.schools if self.within else [])
        return [s.school_id for s in ranked[:count]]

    def explanation(self) -> str:
        """What the company reads above the list (French, one sentence or two)."""
        where = (
            "dans votre département"
            if self.distance == "dep"
            else f"à moins de {self.distance} km de votre entreprise"
        )
        what = (
            f"qui préparent les métiers de la filière « {', '.join(self.trade_areas)} »"
            if self.trade_areas
            else "qui préparent ces métiers"
        )
        if self.found:
            text = f"Lycées {what} {where}, du plus proche au plus éloigné."
            if not self.placed:
                text += (
                    " La position de votre entreprise n’est pas connue : les lycées sont ceux "
                    "de votre département, par ordre alphabétique."
                )
            return text
        text = f"Aucun lycée {what} {where}."
        if self.nearest_elsewhere:
            names = ", ".join(f"{s.name} ({s.distance_label})" for s in self.nearest_elsewhere)
            text += f" Les plus proches : {names}. Vous pouvez les choisir dans la liste."
        if self.academy_contact:
            text += f" Pour en parler, écrivez à l’académie : {self.academy_contact}."
        return text


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (lat1, lon1, lat2, lon2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, a)))


def trade_areas_for_naf(naf_code: str) -> list[TradeAreaNaf]:
    """The filières whose NAF codes cover this code most precisely (43.21A: « électricité »
    by 43.21 rather than « bâtiment » by 43); the table is a few dozen rows."""
    code = (naf_code or "").strip().upper()
    if not code:
        return []
    best: dict[int, list[TradeAreaNaf]] = {}
    for area in TradeAreaNaf.objects.order_by("name"):
        lengths = [len(p) for p in area.prefixes if code.startswith(p)]
        if lengths:
            best.setdefault(max(lengths), []).append(area)
    return best[max(best)] if best else []


def company_point(*, siret: str = "", postcode: str = "", town: str = ""):
    """(latitude, longitude) of the company, or None: its record's coordinates, the register's
    answer for its SIRET, else the mean of the schools of its postcode (or town)."""
    if siret:
        row = (
            Company.objects.filter(siret=siret, latitude__isnull=False, longitude__isnull=False)
            .values_list("latitude", "longitude")
            .first()
        )
        if row:
            return float(row[0]), float(row[1])
        data = SiretLookup.objects.filter(siret=siret).values_list("data", flat=True).first()
        point = _point_of(data or {})
        if point:
            return point
    for lookup in ({"postcode": postcode} if postcode else None, {"town__iexact": town.strip()}):
        if not lookup or not any(lookup.values()):
            continue
        rows = list(
            School.objects.filter(
                **lookup, latitude__isnull=False, longitude__isnull=False
            ).values_list("latitude", "longitude")[:50]
        )
        if rows:
            return (
                sum(float(r[0]) for r in rows) / len(rows),
                sum(float(r[1]) for r in rows) / len(rows),
            )
    return None


def _point_of(data: dict):
    try:
        return float(data["latitude"]), float(data["longitude"])
    except (KeyError, TypeError, ValueError):
        return None


def _departement_q(departement: str) -> Q:
    if departement in {"2A", "2B"}:
        return Q(postcode__regex=r"^20[01]" if departement == "2A" else r"^20[2-9]")
    return Q(postcode__startswith=departement)


def _box(lat: float, lon: float, km: float) -> Q:
    dlat = km / KM_PER_DEGREE
    dlon = km / (KM_PER_DEGREE * max(0.1, math.cos(math.radians(lat))))
    return Q(
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lon - dlon, lon + dlon),
    )


def _rows(queryset):
    return queryset.values_list("pk", "name", "town", "latitude", "longitude")


def _ranked(rows, point, limit_km=None) -> list[ProposedSchool]:
    out = []
    for pk, name, town, lat, lon in rows:
        km = haversine_km(point[0], point[1], float(lat), float(lon))
        if limit_km is None or km <= limit_km:
            out.append(ProposedSchool(pk, name, town, km))
    out.sort(key=lambda s: (s.distance_km, s.name))
    return out


def propose_schools(
    *,
    trade_area: str = "",
    diploma: str = "",
    naf_code: str = "",
    point=None,
    postcode: str = "",
    distance: str = DEFAULT_DISTANCE,
    limit: int = 10,
) -> Routing:
    """The schools preparing the trades concerned within `distance` of `point`, nearest first;
    those without coordinates in the company's département last, with a note."""
    distance = distance if distance in dict(DISTANCES) else DEFAULT_DISTANCE
    routing = Routing(
        distance=distance,
        placed=point is not None,
        academy_contact=settings.ACADEMY_CONTACT_EMAIL,
    )
    schools = School.objects.all()
    keys = []
    if trade_area:
        keys = [name_key(trade_area)]
        routing.trade_areas = [trade_area]
    elif not diploma and naf_code:
        areas = trade_areas_for_naf(naf_code)
        keys = [a.key for a in areas]
        routing.trade_areas = [a.name for a in areas]
    if keys:
        schools = schools.filter(
            Exists(SchoolDiploma.objects.filter(school=OuterRef("pk"), trade_area_key__in=keys))
        )
    if diploma:
        word = diploma.strip()
        schools = schools.filter(
            Exists(
                SchoolDiploma.objects.filter(school=OuterRef("pk")).filter(
                    Q(name__icontains=word)
                    | Q(diploma__label__icontains=word)
                    | Q(diploma__code=word)
                )
            )
        )
    departement = departement_from_postcode(postcode)
    placed = schools.filter(latitude__isnull=False, longitude__isnull=False)
    if point is not None and distance != "dep":
        km = float(distance)
        found = _ranked(_rows(placed.filter(_box(*point, km))), point, km)
    elif point is not None:
        found = _ranked(_rows(placed.filter(_departement_q(departement))), point)
    elif departement:
        found = [
            ProposedSchool(pk, name, town, None, "position de votre entreprise inconnue")
            for pk, name, town, _, _ in _rows(
                placed.filter(_departement_q(departement)).order_by("name")[:limit]
            )
        ]
    else:
        found = []
    unplaced = []
    if departement:
        unplaced = [
            ProposedSchool(pk, name, town, None, NO_POSITION_NOTE)
            for pk, name, town in schools.filter(_departement_q(departement))
            .filter(Q(latitude__isnull=True) | Q(longitude__isnull=True))
            .order_by("name")
            .values_list("pk", "name", "town")[:limit]
        ]
    routing.schools = found[:limit] + unplaced
    routing.within = bool(found)
    if not found and point is not None:
        for km in WIDER:
            scope = placed.filter(_box(*point, km)) if km else placed
            nearest = _ranked(_rows(scope), point, km)
            routing.nearest_elsewhere = nearest[:NEAREST_ELSEWHERE]
            if len(nearest) >= NEAREST_ELSEWHERE:
                break
    return routing


def distances_km(point, school_ids) -> dict[int, int]:
    """The rounded distance from `point` to each school that has a position."""
    if point is None:
        return {}
    rows = School.objects.filter(
        pk__in=list(school_ids), latitude__isnull=False, longitude__isnull=False
    ).values_list("pk", "latitude", "longitude")
    return {
        pk: round(haversine_km(point[0], point[1], float(lat), float(lon))) for pk, lat, lon in rows
    }


def route_need(
    *,
    siret: str = "",
    postcode: str = "",
    town: str = "",
    trade_area: str = "",
    diploma: str = "",
    distance: str = DEFAULT_DISTANCE,
) -> tuple[Routing, tuple[float, float] | None]:
    """`propose_schools` for a company as a public form describes it (its NAF code from its
    record when it names neither filière nor diploma); also returns the company's point."""
    point = company_point(siret=siret, postcode=postcode, town=town)
    naf_code = ""
    if not trade_area and not diploma and siret:
        naf_code = (
            Company.objects.filter(siret=siret).values_list("naf_code", flat=True).first() or ""
        )
        if not naf_code:
            data = SiretLookup.objects.filter(siret=siret).values_list("data", flat=True).first()
            naf_code = (data or {}).get("naf_code", "")
    routing = propose_schools(
        trade_area=trade_area,
        diploma=diploma,
        naf_code=naf_code,
        point=point,
        postcode=postcode,
        distance=distance,
    )
    return routing, point
