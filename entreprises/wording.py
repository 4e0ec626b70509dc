"""Counts in words about companies ("1 partenariat réuni", "2 contacts"); the French rule
itself (0 and 1 singular) is `common.wording.count_text`, re-exported here.

A merge counts what it moved by the plural label of each kind of row (kept as is in
`CompanyMerge.moved`); `moved_lines` writes each count with the matching singular or plural.
"""

from common.wording import count_text

from .models import Company

__all__ = ["count_text", "import_preview_summary", "import_summary", "moved_lines"]

PARTNERSHIPS_MOVED = "partenariats"
PARTNERSHIPS_FOLDED = "partenariats réunis avec ceux de la fiche conservée"
_SINGULARS = {
    PARTNERSHIPS_MOVED: "partenariat",
    PARTNERSHIPS_FOLDED: "partenariat réuni avec celui de la fiche conservée",
}


def _singular_of(label: str) -> str:
    if label in _SINGULARS:
        return _SINGULARS[label]
    for field in Company._meta.get_fields(include_hidden=True):
        if field.is_relation and field.auto_created and not field.concrete:
            meta = field.related_model._meta
            if str(meta.verbose_name_plural) == label:
                return str(meta.verbose_name)
    return label


def moved_lines(counts: dict[str, int]) -> list[str]:
    """["1 contact", "2 partenariats réunis avec ceux de la fiche conservée"], in order."""
    return [count_text(n, _singular_of(label), label) for label, n in counts.items() if n]


def import_summary(counts: dict[str, int], *, created: str, updated: str, rejected: str) -> str:
    """The result of an import in one sentence, each count with its right number."""
    parts = [
        count_text(counts[created], "entreprise créée", "entreprises créées"),
        count_text(counts[updated], "entreprise mise à jour", "entreprises mises à jour"),
        count_text(counts["contacts"], "contact ajouté", "contacts ajoutés"),
        count_text(counts[rejected], "ligne rejetée", "lignes rejetées"),
    ]
    return ", ".join(parts)


def import_preview_summary(counts: dict[str, int]) -> str:
    """What the preview announces: "1 ligne créera une entreprise, 2 compléteront …"."""
    created, updated, rejected = counts["created"], counts["updated"], counts["rejected"]
    return (
        f"{count_text(created, 'ligne créera', 'lignes créeront')} une entreprise, "
        f"{updated} {'complétera' if updated < 2 else 'compléteront'} une entreprise déjà "
        f"connue, {count_text(rejected, 'ligne sera ignorée', 'lignes seront ignorées')}."
    )
