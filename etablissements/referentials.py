"""Schools and diplomas from the national referentials (open data files), imported idempotently.

- Annuaire de l'éducation (`fr-en-annuaire-education`, CSV or JSON export): the lycées with a
  vocational track, by UAI.
- BCN, tables N_FORMATION_DIPLOME and V_FORMATION_DIPLOME (CSV or JSON): the diplomas, by their
  8-character code.

The files are read as the state publishes them: `;` or `,`, UTF-8 with or without BOM or
Windows-1252, column names in either case and with the variants seen across the years
(`Code postal`, `Code_postal`, `code_postal`). A file without the columns an import needs, or
whose rows are all refused, fails with the columns expected and those found.

Each import reports created / updated / unchanged / ignored / rejected rows; `dry_run` writes
nothing. Run by `manage.py schools_import FILE` and `manage.py diplomas_import FILE`.
"""

import csv
import dataclasses
import datetime
import functools
import io
import json
import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Diploma, School, SchoolKind
from .validators import normalize_uai, validate_uai

FIVE_DECIMALS = Decimal("0.00001")  # the precision of the coordinate fields
DATA = Path(__file__).resolve().parent / "data"
# The BCN's own table of diploma levels (N_NIVEAU_FORMATION_DIPLOME), as published.
LEVELS_FILE = DATA / "bcn-n-niveau-formation-diplome.csv"

# The Annuaire's `code_nature` of the establishments in the portal's scope.
NATURE_LP = "320"  # LYCEE PROFESSIONNEL
NATURE_SEP = "334"  # SECTION D ENSEIGNEMENT PROFESSIONNEL

SCHOOL_COLUMNS = [
    "identifiant_de_l_etablissement",
    "nom_etablissement",
    "type_etablissement",
    "code_nature",
    "voie_professionnelle",
    "code_postal",
    "nom_commune",
]
DIPLOMA_COLUMNS = [
    "formation_diplome",
    "niveau_formation_diplome",
    "libelle_court",
    "libelle_long_200",
    "date_ouverture",
    "date_fermeture",
]

# Before the BCN gave the national qualification level, the first digit of a level code was the
# old interministerial level (V = CAP, IV = bac, III = bac + 2...): today's level 3, 4, 5...
QUALIFICATION_LEVELS = {"1", "2", "3", "4", "5", "6", "7", "8"}
OLD_LEVEL_DIGIT_TO_LEVEL = {"5": "3", "4": "4", "3": "5", "2": "6", "1": "7"}


class DryRunRollback(Exception):
    pass


class ReferentialFormatError(Exception):
    """The file is not the export the import expects: the message says what was expected."""


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: int = 0
    rejected: list[str] = dataclasses.field(default_factory=list)
    notes: list[str] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"créés : {self.created}",
            f"mis à jour : {self.updated}",
            f"inchangés : {self.unchanged}",
            f"ignorés (hors champ) : {self.ignored}",
            f"rejetés : {len(self.rejected)}",
        ]
        return lines + [f"  - {reason}" for reason in self.rejected] + self.notes


def column_key(name) -> str:
    """`Code postal`, `Code_Postal`, `code_postal` after a BOM -> `code_postal`."""
    text = unicodedata.normalize("NFKD", str(name).replace("\ufeff", ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).strip().lower()
    return re.sub(r"[\s\-.]+", "_", text)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252")


def _json_rows(text: str) -> list[dict]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReferentialFormatError(f"Fichier JSON illisible : {exc}") from exc
    if isinstance(data, dict):
        data = data.get("results") or data.get("records") or []
    # Older Opendatasoft exports put each row's values under "fields".
    return [row.get("fields", row) if isinstance(row, dict) else {} for row in data]


def read_rows(path: Path) -> list[dict]:
    """The rows of a CSV (`;` or `,`, UTF-8 or Windows-1252) or JSON export, keyed by column_key."""
    text = _decode(Path(path).read_bytes())
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        rows = _json_rows(stripped)
    else:
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [{column_key(k): v for k, v in row.items() if k is not None} for row in rows]


def check_columns(rows: list[dict], required: list[str], *, what: str) -> None:
    """Fail loudly when the file has no rows or lacks a column the import needs."""
    if not rows:
        raise ReferentialFormatError(f"Aucune ligne lue dans le fichier ({what} attendu).")
    found = list(dict.fromkeys(key for row in rows[:50] for key in row))
    missing = [name for name in required if name not in found]
    if missing:
        raise ReferentialFormatError(
            f"Ce fichier n’est pas {what} : colonnes manquantes : {', '.join(missing)}. "
            f"Colonnes attendues : {', '.join(required)}. "
            f"Colonnes trouvées : {', '.join(found[:40]) or 'aucune'}."
        )


def _text(row: dict, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _coordinate(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value)).quantize(FIVE_DECIMALS, ROUND_HALF_UP)
    except InvalidOperation:
        return None


def _is_yes(value: str) -> bool:
    return value.lower() in {"1", "oui", "true", "o"}


def school_kind(row: dict) -> str | None:
    """The portal's kind of school from the Annuaire's own type and track fields; None if out.

    A SEP is a section of a lycée, vocational by nature: the export leaves its track empty.
    An LP or a lycée counts only with the vocational track open (`Voie_professionnelle` = 1):
    the privately run technical schools outside any contract have it empty.
    """
    nature = _text(row, "code_nature")
    if nature == NATURE_SEP:
        return SchoolKind.SEP
    if not _is_yes(_text(row, "voie_professionnelle")):
        return None
    if nature == NATURE_LP:
        return SchoolKind.LP
    if _text(row, "type_etablissement").lower().startswith("lyc"):
        return SchoolKind.LPO  # a lycée teaching several tracks, the vocational one among them
    return None


def _school_fields(row: dict, kind: str) -> dict:
    return {
        "name": _text(row, "nom_etablissement")[:200],
        "kind": kind,
        "town": _text(row, "nom_commune")[:120],
        "postcode": _text(row, "code_postal")[:5],
        "academy": _text(row, "libelle_academie")[:80],
        "address": _text(row, "adresse_1")[:250],
        "latitude": _coordinate(row.get("latitude")),
        "longitude": _coordinate(row.get("longitude")),
    }


def _upsert(model, key: dict, fields: dict, report: ImportReport) -> None:
    existing = model.objects.filter(**key).first()
    if existing is None:
        model.objects.create(**key, **fields)
        report.created += 1
        return
    changed = [name for name, value in fields.items() if getattr(existing, name) != value]
    if not changed:
        report.unchanged += 1
        return
    for name in changed:
        setattr(existing, name, fields[name])
    existing.save(update_fields=changed)
    report.updated += 1


def _run(rows: list[dict], handle, *, dry_run: bool) -> ImportReport:
    report = ImportReport()
    try:
        with transaction.atomic():
            for number, row in enumerate(rows, start=2):
                handle(number, row, report)
            if len(report.rejected) == len(rows):
                raise ReferentialFormatError(
                    "Aucune ligne reconnue dans ce fichier : " + " ; ".join(report.rejected[:3])
                )
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def schools_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Load the vocational lycées (LP, LPO, SEP) of an Annuaire de l'éducation export, by UAI."""
    rows = read_rows(path)
    check_columns(rows, SCHOOL_COLUMNS, what="un export de l’Annuaire de l’éducation")
    seen: set[str] = set()

    def handle(number, row, report):
        kind = school_kind(row)
        if kind is None or _text(row, "etat").upper() == "FERME":
            report.ignored += 1
            return
        uai = normalize_uai(_text(row, "identifiant_de_l_etablissement"))
        try:
            validate_uai(uai)
        except ValidationError as exc:
            report.rejected.append(f"ligne {number} : UAI « {uai} » : {exc.messages[0]}")
            return
        if uai in seen:
            # The export lists a few establishments twice: the first line wins.
            report.ignored += 1
            return
        seen.add(uai)
        fields = _school_fields(row, kind)
        missing = [
            label
            for label, key in [("nom", "name"), ("commune", "town"), ("code postal", "postcode")]
            if not fields[key]
        ]
        if missing:
            report.rejected.append(f"ligne {number} : UAI {uai} sans {' ni '.join(missing)}")
            return
        _upsert(School, {"uai": uai}, fields, report)

    report = _run(rows, handle, dry_run=dry_run)
    if not seen:
        report.notes.append("Aucun lycée à voie professionnelle dans ce fichier.")
    return report


def _bcn_date(value: str) -> datetime.date | None:
    value = (value or "").strip()
    if not value:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d"):
        try:
            return datetime.datetime.strptime(value[:10], fmt).date()
        except ValueError:
            continue
    raise ValueError(value)


@functools.cache
def bcn_levels() -> dict[str, tuple[str, str]]:
    """N_NIVEAU_FORMATION_DIPLOME: level code -> (label, national qualification level)."""
    return {
        _text(row, "niveau_formation_diplome"): (
            _text(row, "libelle_100"),
            _text(row, "niveau_qualification_rncp"),
        )
        for row in read_rows(LEVELS_FILE)
    }


def level_label(code: str, given_label: str = "") -> str:
    """`400` -> `BAC PROFESSIONNEL (niveau 4)`; a code missing from the table -> its level."""
    label, qualification = bcn_levels().get(code, (given_label, ""))
    label = given_label or label
    number = qualification.lstrip("0")
    if number not in QUALIFICATION_LEVELS:  # "00", "99", "XX": no national level
        number = ""
    if not number and not label:
        number = OLD_LEVEL_DIGIT_TO_LEVEL.get(code[:1], "")
    if label and number:
        return f"{label} (niveau {number})"
    return label or (f"niveau {number}" if number else "")


def diplomas_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Load the diplomas of the BCN's N_ or V_FORMATION_DIPLOME table, by FORMATION_DIPLOME code."""
    rows = read_rows(path)
    check_columns(rows, DIPLOMA_COLUMNS, what="une table FORMATION_DIPLOME de la BCN")

    def handle(number, row, report):
        code = _text(row, "formation_diplome").upper()
        if len(code) != 8 or not code.isalnum():
            report.rejected.append(f"ligne {number} : code « {code} » (8 caractères attendus)")
            return
        label = _text(row, "libelle_long_200") or _text(row, "libelle_stat_33")
        if not label:
            report.rejected.append(f"ligne {number} : code {code} sans intitulé")
            return
        try:
            valid_from = _bcn_date(_text(row, "date_ouverture"))
            valid_until = _bcn_date(_text(row, "date_fermeture"))
        except ValueError as exc:
            report.rejected.append(f"ligne {number} : code {code}, date illisible « {exc} »")
            return
        level = level_label(
            _text(row, "niveau_formation_diplome"),
            _text(row, "n_niveau_formation_diplome_libelle_100"),
        )
        fields = {
            "kind": _text(row, "libelle_court")[:40],
            "label": label[:250],
            "level": level[:100],
            "valid_from": valid_from,
            "valid_until": valid_until,
        }
        _upsert(Diploma, {"code": code}, fields, report)

    return _run(rows, handle, dry_run=dry_run)
