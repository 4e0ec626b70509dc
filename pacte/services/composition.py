"""The parts an engagement is made of (missions and their fractions) and their checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction

from etablissements.dashboard_cache import figures_changed
from etablissements.roles import Role

from ..models import (
    REFERENCE_COMPOSITION,
    Engagement,
    EngagementPart,
    Mission,
    PartFraction,
    PartKind,
    SchoolYear,
    composition_label,
)
from ..numbers import euros_fr, number_fr, parts_fr
from .engagements import _check_eligible
from .roles import PacteError, is_direction, user_has_role


@dataclass
class PartSpec:
    """One line of the composition submitted for an engagement."""

    mission: Mission
    parts: Decimal | int = 1
    place: str = ""
    periodicity: str = ""
    content: str = ""
    expected_results: str = ""
    targets: dict = field(default_factory=dict)
    hours: int | None = None


def composition_of(specs: list[PartSpec]) -> dict:
    counts = {kind: Decimal(0) for kind in PartKind}
    for spec in specs:
        counts[PartKind(spec.mission.part_kind)] += Decimal(spec.parts)
    return counts


def fractions_of(school_year: SchoolYear) -> dict[int, dict[Decimal, int | None]]:
    """{mission_id: {fraction: hours}} of the fractions of a part allowed this year (1 query)."""
    allowed: dict[int, dict[Decimal, int | None]] = {}
    for row in PartFraction.objects.filter(school_year=school_year):
        allowed.setdefault(row.mission_id, {})[row.fraction] = row.hours
    return allowed


def spec_hours(spec: PartSpec, fractions: dict) -> int | None:
    """Hours of a line: whole parts × the mission's hours, plus the hours of its fraction."""
    if not spec.mission.hours:
        return None
    parts = Decimal(spec.parts)
    whole, rest = int(parts), parts - int(parts)
    extra = fractions.get(spec.mission.pk, {}).get(rest) if rest else 0
    return whole * spec.mission.hours + (extra or 0)


@dataclass
class CompositionSummary:
    """The running total of a composition against the year's rules (the server's truth)."""

    school_year: SchoolYear
    composition: dict
    parts: Decimal
    hours: int
    amount: Decimal

    @property
    def label(self) -> str:
        return composition_label(self.composition)

    @property
    def is_reference(self) -> bool:
        return self.composition == REFERENCE_COMPOSITION

    @property
    def over_parts(self) -> bool:
        return self.parts > self.school_year.max_parts

    @property
    def over_cap(self) -> bool:
        return self.amount > self.school_year.yearly_cap

    @property
    def cap_left(self) -> Decimal:
        return self.school_year.yearly_cap - self.amount


def composition_summary(
    *, specs: list[PartSpec], school_year: SchoolYear, fractions: dict | None = None
) -> CompositionSummary:
    """Parts, hours and euros of a composition, to show while it is composed (reads only)."""
    fractions = fractions_of(school_year) if fractions is None else fractions
    parts = sum((Decimal(spec.parts) for spec in specs), Decimal(0))
    hours = sum(spec_hours(spec, fractions) or 0 for spec in specs)
    return CompositionSummary(
        school_year=school_year,
        composition=composition_of(specs),
        parts=parts,
        hours=hours,
        amount=parts * school_year.part_value,
    )


def _check_parts(specs: list[PartSpec], school_year: SchoolYear, fractions: dict) -> None:
    """Every rule of the year on a composition; the yearly cap is a limit of its own."""

    if not specs:
        raise PacteError("Un Pacte compte au moins une part fonctionnelle.")
    seen = set()
    for spec in specs:
        parts = Decimal(spec.parts)
        action = spec.mission.action
        if parts <= 0:
            raise PacteError(f"« {action} » : indiquez un nombre de parts positif.")
        if not spec.mission.active:
            raise PacteError(f"La mission « {action} » n’est plus proposée.")
        if spec.mission.pk in seen:
            raise PacteError(
                f"La mission « {action} » figure deux fois : indiquez plutôt le nombre de parts."
            )
        seen.add(spec.mission.pk)
        rest = parts - int(parts)
        allowed = fractions.get(spec.mission.pk, {})
        if rest and rest not in allowed:
            if allowed:
                choices = " ou ".join(number_fr(f) for f in sorted(allowed))
                raise PacteError(
                    f"« {action} » : en {school_year.label}, cette mission se prend par part "
                    f"entière ou par fraction de {choices} part ; {number_fr(parts)} n’est pas "
                    "possible."
                )
            raise PacteError(
                f"« {action} » : en {school_year.label}, cette mission ne se prend que par part "
                f"entière ({number_fr(parts)} demandé)."
            )
        if spec.mission.school_year_id != school_year.pk:
            raise PacteError(
                f"La mission « {action} » n’est pas au catalogue de l’année {school_year.label}."
            )
        if spec.mission.part_kind == PartKind.FORFAIT and parts > 1:
            raise PacteError(f"Le forfait « {action} » compte pour une part au plus.")
    _check_first_part(specs, school_year)
    total = sum((Decimal(spec.parts) for spec in specs), Decimal(0))
    if total > school_year.max_parts:
        raise PacteError(
            f"Un Pacte compte au plus {parts_fr(school_year.max_parts)} en "
            f"{school_year.label} ; cette composition en compte {number_fr(total)}."
        )
    amount = total * school_year.part_value
    if amount > school_year.yearly_cap:
        raise PacteError(
            f"Cette composition vaut {euros_fr(amount)} bruts ({parts_fr(total)} × "
            f"{euros_fr(school_year.part_value)}) : elle dépasse le plafond annuel de "
            f"{euros_fr(school_year.yearly_cap)} en {school_year.label}."
        )


def _check_first_part(specs: list[PartSpec], school_year: SchoolYear) -> None:
    """When the year says so, the first part is whole unless it is a half part of a mission
    allowing it (2024-2025: RCD; from 2025-2026: also Devoirs faits, Stages de réussite)."""
    if not school_year.first_part_whole:
        return
    if any(Decimal(spec.parts) >= 1 for spec in specs):
        return
    if any(spec.mission.opens_with_half_part for spec in specs):
        return
    openers = Mission.objects.filter(school_year=school_year, opens_with_half_part=True)
    actions = " ; ".join(openers.order_by("position").values_list("action", flat=True))
    raise PacteError(
        f"En {school_year.label}, la première part d’un Pacte n’est pas une demi-part, sauf "
        f"pour une mission qui le permet cette année-là ({actions or 'aucune'}) : ajoutez une "
        "part entière ou une demi-part de l’une de ces missions."
    )


@transaction.atomic
def engagement_set_parts(*, engagement: Engagement, parts: list[PartSpec], by) -> Engagement:
    """Replace the parts of an engagement after checking every rule of the Pacte.

    The direction (or the RBDE) composes freely within the year's hard rules (parts, fractions,
    ceilings); the reference mix (1 RCD + 3 face-à-face + 2 forfaits) is a guide, not a rule.
    """
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    school = engagement.school
    direction = is_direction(by, school)
    if not (direction or user_has_role(by, school, Role.RBDE)):
        raise PacteError("Seuls la direction et le bureau des entreprises composent les Pactes.")
    if hasattr(engagement, "mission_letter") and engagement.mission_letter.validated_at:
        raise PacteError(
            "La lettre de mission est déjà validée : la direction doit la rouvrir avant de "
            "changer les parts."
        )
    _check_eligible(engagement.teacher)
    fractions = fractions_of(engagement.school_year)
    _check_parts(parts, engagement.school_year, fractions)

    engagement.save()

    engagement.parts.all().delete()
    EngagementPart.objects.bulk_create(
        [
            EngagementPart(
                engagement=engagement,
                mission=spec.mission,
                parts=spec.parts,
                hours=spec.hours if spec.hours is not None else spec_hours(spec, fractions),
                place=spec.place,
                periodicity=spec.periodicity,
                content=spec.content or spec.mission.description,
                expected_results=spec.expected_results or spec.mission.default_expected_results,
                targets=spec.targets or {},
                position=index,
            )
            for index, spec in enumerate(parts, start=1)
        ]
    )
    figures_changed()  # bulk_create sends no signal: the academy's Pacte figures move
    return engagement
