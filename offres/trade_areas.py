"""The default table filière → NAF codes, and its writes (the académie administrator edits it).

Source of the defaults: the NAF rév. 2 nomenclature (INSEE, décret n° 2007-1888), read against
the trades of each filière of the vocational diplomas (CAP, bac pro, BTS): each filière gets the
divisions, groups or classes whose establishments employ those trades. No published
correspondence diploma → NAF exists as a table: La bonne alternance derives its recruiting
companies from ROME codes and hiring statistics (DPAE), and France Compétences' RNCP gives ROME
codes per certification, not NAF codes. These defaults are a starting point the académie
corrects (« Filières et codes NAF » in the staff area).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entreprises.models import name_key

from .models import TradeAreaNaf, naf_prefixes

SOURCE = "défaut du portail : NAF rév. 2 (INSEE) rapprochée des métiers de la filière"

DEFAULTS = [
    ("électricité", "43.21, 27, 33.14, 35.1, 42.22"),
    ("bâtiment", "41, 42, 43"),
    ("énergétique et climatisation", "43.22, 33.12, 35.3"),
    ("hôtellerie-restauration", "55, 56"),
    ("alimentation", "10.1, 10.7, 47.22, 47.24, 47.29"),
    ("commerce", "45.1, 45.3, 46, 47"),
    ("commerce-vente", "45.1, 45.3, 46, 47"),
    ("maintenance", "33, 28, 45.2"),
    ("maintenance des véhicules", "45.2, 45.4, 33.15, 33.16, 77.1"),
    ("mécanique et productique", "24, 25, 28, 29, 30"),
    ("santé-social", "86, 87, 88"),
    ("services à la personne", "87, 88, 97"),
    ("logistique", "49.4, 52, 53"),
    ("transport", "49, 50, 51, 52"),
    ("numérique", "26, 61, 62, 63, 95.1"),
    ("gestion-administration", "69, 70, 78, 82"),
    ("coiffure-esthétique", "96.02"),
    ("propreté et hygiène", "81.2"),
    ("sécurité", "80.1, 80.2"),
    ("mode et textile", "13, 14, 15"),
    ("bois et ameublement", "16, 31, 43.32"),
    ("plasturgie et chimie", "20, 21, 22"),
    ("aéronautique", "30.3, 33.16, 51"),
]


@transaction.atomic
def trade_area_save(*, row: TradeAreaNaf) -> TradeAreaNaf:
    """Create or change a filière's NAF codes (the académie administrator)."""
    row.name = (row.name or "").strip()
    row.full_clean()  # the name, the codes (TradeAreaNaf.clean), once per filière
    row.naf_codes = ", ".join(naf_prefixes(row.naf_codes))
    if row.pk is None and not row.source:
        row.source = "saisie par l’académie"
    elif row.pk is not None and row.source == SOURCE:
        row.source = "défaut du portail, modifié par l’académie"
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError as exc:
        raise ValidationError({"name": "Cette filière existe déjà."}) from exc
    return row


@transaction.atomic
def trade_area_delete(*, row: TradeAreaNaf) -> None:
    """A filière removed from the table: routing by NAF code and prospects no longer use it
    (the schools' diplomas keep their filière)."""
    row.delete()


def trade_areas_seed() -> int:
    """Add the default filières that are missing (never changes an edited one)."""
    existing = set(TradeAreaNaf.objects.values_list("key", flat=True))
    rows = [
        TradeAreaNaf(name=name, key=name_key(name), naf_codes=codes, source=SOURCE)
        for name, codes in DEFAULTS
        if name_key(name) not in existing
    ]
    TradeAreaNaf.objects.bulk_create(rows)
    return len(rows)
