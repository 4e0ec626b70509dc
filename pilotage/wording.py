"""How the indicators' screens speak to who reads them: the académie's administrator reads
"l’académie", a direction reads "mon établissement" (or "mes établissements"), and every count
agrees with its noun ("1 session", "0 jour")."""

from __future__ import annotations

import dataclasses

from django.utils.text import slugify

from common.wording import plural_of
from etablissements.querysets import is_academy_admin

from .selectors import FIGURES, schools_for_dashboard

# The singular of each figure's label (FIGURES holds the plural, the tables' headings).
FIGURE_SINGULARS = {
    "active_partnerships": "partenariat actif",
    "proposals_received": "proposition reçue",
    "proposals_answered": "proposition traitée",
    "trainings_held": "session de formation des tuteurs",
    "tutors_trained": "tuteur formé",
    "mentoring_pairs": "binôme de mentorat actif",
    "events_held": "événement",
    "pacte_lien_engagements": "pacte avec le forfait lien école-entreprise",
    "bilans_validated": "bilan d’activité validé",
}
assert set(FIGURE_SINGULARS) == {field for field, _ in FIGURES}


def figure_text(field: str, value) -> tuple:
    """(value, its noun agreed): (1, "session de formation des tuteurs")."""
    plural = dict(FIGURES)[field]
    return value, plural_of(value or 0, FIGURE_SINGULARS[field], plural.lower())


def days_text(days: float | None) -> str:
    """A median delay in words: "moins d’un jour", "1 jour", "2,5 jours", "—" when unknown."""
    if days is None:
        return "—"
    if days < 1:
        return "moins d’un jour"
    shown = f"{days:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{shown} {plural_of(days, 'jour', 'jours')}"


@dataclasses.dataclass(frozen=True)
class Scope:
    """Whose figures the page shows, in the words of who reads it."""

    academy: bool
    school_names: tuple[str, ...] = ()
    school_uais: tuple[str, ...] = ()

    @property
    def one_school(self) -> bool:
        return not self.academy and len(self.school_names) == 1

    @property
    def dashboard_title(self) -> str:
        if self.academy:
            return "Indicateurs de l’académie"
        if self.one_school:
            return "Indicateurs de mon établissement"
        return "Indicateurs de mes établissements"

    @property
    def subtitle(self) -> str:
        return self.school_names[0] if self.one_school else ""

    @property
    def schools_heading(self) -> str:
        return "Mon établissement" if self.one_school else "Par établissement"

    @property
    def kinds_heading(self) -> str:
        if self.academy:
            return "Propositions reçues par type dans l’académie"
        if self.one_school:
            return "Propositions reçues par type dans mon établissement"
        return "Propositions reçues par type dans mes établissements"

    def file_name(self, stem: str) -> str:
        """An export's name: the UAI of a direction's single school, else the académie's."""
        if self.academy:
            return stem
        if self.one_school:
            return f"{stem}-{slugify(self.school_uais[0])}"
        return f"{stem}-mes-etablissements"


def scope_for(user) -> Scope:
    """The academy administrator reads the académie; a direction, its own schools (1 query)."""
    if is_academy_admin(user):
        return Scope(academy=True)
    rows = list(schools_for_dashboard(user).order_by("name").values_list("name", "uai")[:2])
    return Scope(
        academy=False,
        school_names=tuple(name for name, _ in rows),
        school_uais=tuple(uai for _, uai in rows),
    )
