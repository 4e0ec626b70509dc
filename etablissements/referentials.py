"""Schools and diplomas from the national referentials (open data files), imported idempotently.

- Annuaire de l'éducation (`fr-en-annuaire-education`, CSV or JSON export): the lycées with a
  vocational track, by UAI.
- BCN, table N_FORMATION_DIPLOME (CSV or JSON): the diplomas, by their 8-character code.

Each import reports created / updated / unchanged / ignored / rejected rows; `dry_run` writes
nothing. Run by `manage.py schools_import FILE` and `manage.py diplomas_import FILE`.
"""

import csv
import dataclasses
import datetime
import io
import json
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import Diploma, School, SchoolKind
from .validators import normalize_uai, validate_uai

FIVE_DECIMALS = Decimal("0.00001")  # the precision of the coordinate fields


class DryRunRollback(Exception):
    pass


@dataclasses.dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    ignored: int = 0
    rejected: list[str] = dataclasses.field(default_factory=list)

    def lines(self) -> list[str]:
        lines = [
            f"créés : {self.created}",
            f"mis à jour : {self.updated}",
            f"inchangés : {self.unchanged}",
            f"ignorés (hors champ) : {self.ignored}",
            f"rejetés : {len(self.rejected)}",
        ]
        return lines + [f"  - {reason}" for reason in self.rejected]


def read_rows(path: Path) -> list[dict]:
    """The rows of a CSV (`;` or `,`, UTF-8 or Windows-1252) or JSON export, as dicts."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    stripped = text.lstrip()
    if stripped.startswith(("[", "{")):
        data = json.loads(stripped)
        if isinstance(data, dict):
            data = data.get("results") or data.get("records") or []
        # Older Opendatasoft exports put each row's values under "fields".
        return [row.get("fields", row) if isinstance(row, dict) else {} for row in data]
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


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


def _school_kind(row: dict) -> str:
    nature = _text(row, "libelle_nature").upper()
    code = _text(row, "code_nature")
    if code == "320" or "PROFESSIONNEL" in nature:
        return SchoolKind.LP
    if code == "306" or "POLYVALENT" in nature:
        return SchoolKind.LPO
    return SchoolKind.SEP  # a general lycée's vocational section


def _is_vocational_lycee(row: dict) -> bool:
    kind = _text(row, "type_etablissement").lower()
    track = _text(row, "voie_professionnelle").lower()
    return kind.startswith("lyc") and track in {"1", "oui", "true"}


def _school_fields(row: dict) -> dict:
    return {
        "name": _text(row, "nom_etablissement")[:200],
        "kind": _school_kind(row),
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
            if dry_run:
                raise DryRunRollback
    except DryRunRollback:
        pass
    return report


def schools_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Load the vocational lycées of an Annuaire de l'éducation export, by UAI."""

    def handle(number, row, report):
        if not _is_vocational_lycee(row):
            report.ignored += 1
            return
        uai = normalize_uai(_text(row, "identifiant_de_l_etablissement"))
        try:
            validate_uai(uai)
        except ValidationError as exc:
            report.rejected.append(f"ligne {number} : UAI « {uai} » : {exc.messages[0]}")
            return
        if _text(row, "etat").upper() == "FERME":
            report.ignored += 1
            return
        fields = _school_fields(row)
        missing = [
            label for label, key in [("nom", "name"), ("commune", "town")] if not fields[key]
        ]
        if missing:
            report.rejected.append(f"ligne {number} : UAI {uai} sans {' ni '.join(missing)}")
            return
        _upsert(School, {"uai": uai}, fields, report)

    return _run(read_rows(path), handle, dry_run=dry_run)


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


def diplomas_import(*, path: Path, dry_run: bool = False) -> ImportReport:
    """Load the diplomas of the BCN's N_FORMATION_DIPLOME table, by FORMATION_DIPLOME code."""

    def handle(number, row, report):
        code = _text(row, "FORMATION_DIPLOME").upper()
        if len(code) != 8 or not code.isalnum():
            report.rejected.append(f"ligne {number} : code « {code} » (8 caractères attendus)")
            return
        label = _text(row, "LIBELLE_LONG_200") or _text(row, "LIBELLE_STAT_33")
        if not label:
            report.rejected.append(f"ligne {number} : code {code} sans intitulé")
            return
        try:
            valid_from = _bcn_date(_text(row, "DATE_OUVERTURE"))
            valid_until = _bcn_date(_text(row, "DATE_FERMETURE"))
        except ValueError as exc:
            report.rejected.append(f"ligne {number} : code {code}, date illisible « {exc} »")
            return
        level = _text(row, "N_NIVEAU_FORMATION_DIPLOME_LIBELLE_100") or _text(
            row, "NIVEAU_FORMATION_DIPLOME"
        )
        fields = {
            "kind": _text(row, "LIBELLE_COURT")[:40],
            "label": label[:250],
            "level": level[:100],
            "valid_from": valid_from,
            "valid_until": valid_until,
        }
        _upsert(Diploma, {"code": code}, fields, report)

    return _run(read_rows(path), handle, dry_run=dry_run)
