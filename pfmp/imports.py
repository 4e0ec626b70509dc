"""Reading a class list exported from the school's student information system.

SIECLE (Base élèves) names its fields NOM_DE_FAMILLE, PRENOM and CODE_STRUCTURE (the division)
in its exports, « Nom de famille », « Prénom 1 » and « Division » in its CSV extractions;
Pronote says « Nom », « Prénom » and « Classe », or one « Élève » column, « NOM Prénom ». Each
header is compared without case, accents, punctuation or spaces (entreprises' header key).
The file is read by the company import's reader: CSV in UTF-8 (with or without BOM) or
Windows-1252, `;` or `,`, or XLSX. Nothing is written here: `pupils_import_preview` says what
each row would do, `pfmp.services.pupils_import` does it.
"""

import dataclasses

from entreprises.import_headers import column_is_used, header_key
from entreprises.imports import ImportFileError, import_table

__all__ = ["ImportFileError", "import_table"]

COLUMNS = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "class_name": "Classe",
    "full_name": "Élève (NOM Prénom)",
}
SYNONYMS = {
    "last_name": (
        "Nom",
        "Nom de famille",
        "NOM_DE_FAMILLE",
        "Nom d’usage",
        "Nom usuel",
        "Nom élève",
        "Nom de l’élève",
    ),
    "first_name": (
        "Prénom",
        "Prénom 1",
        "PRENOM",
        "Premier prénom",
        "Prénom usuel",
        "Prénom élève",
        "Prénom de l’élève",
    ),
    "class_name": (
        "Classe",
        "Division",
        "CODE_STRUCTURE",
        "Code structure",
        "Div",
        "Classe actuelle",
        "Code division",
    ),
    "full_name": ("Élève", "Élèves", "Nom et prénom", "Nom prénom", "Identité"),
}
_KNOWN = {header_key(title): key for key, titles in SYNONYMS.items() for title in titles}

CREATED, UNCHANGED, REJECTED = "ajouté", "déjà inscrit", "rejeté"


def guess_mapping(headers: list[str]) -> list[str | None]:
    mapping: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = _KNOWN.get(header_key(header))
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def missing_columns(mapping: list[str | None]) -> list[str]:
    """The French titles of what no column holds (a name, a first name, a class)."""
    missing = []
    has_names = "full_name" in mapping or {"last_name", "first_name"} <= set(mapping)
    if not has_names:
        missing += [COLUMNS[k] for k in ("last_name", "first_name") if k not in mapping]
    if "class_name" not in mapping:
        missing.append(COLUMNS["class_name"])
    return missing


def split_full_name(text: str) -> tuple[str, str]:
    """Pronote's « DUPONT-MARTIN Léa Rose » → (« Léa Rose », « DUPONT-MARTIN »): the words in
    capitals are the last name."""
    words = text.split()
    last = [w for w in words if w.isupper() and any(c.isalpha() for c in w)]
    first = [w for w in words if w not in last]
    if not last and len(words) > 1:
        return " ".join(words[1:]), words[0]
    return " ".join(first), " ".join(last)


def table_rows(table: dict, mapping: list[str | None]) -> list[dict]:
    """The rows as {"last_name", "first_name", "class_name", "line"}; blank rows left out."""
    rows = []
    for line, values in enumerate(table["values"], start=2):
        row = {"last_name": "", "first_name": "", "class_name": "", "full_name": ""}
        for key, value in zip(mapping, values, strict=False):
            if key:
                row[key] = " ".join(str(value).split())
        full_name = row.pop("full_name")
        if full_name and not (row["last_name"] or row["first_name"]):
            row["first_name"], row["last_name"] = split_full_name(full_name)
        if any(row.values()):
            row["line"] = line
            rows.append(row)
    return rows


def read_pupils(*, content: bytes, filename: str) -> list[dict]:
    """The file's rows, its headers recognised, or ImportFileError (in French)."""
    table = import_table(content=content, filename=filename)
    mapping = guess_mapping(table["headers"])
    used = [
        column_is_used(h, [r[i] if i < len(r) else "" for r in table["values"]])
        for i, h in enumerate(table["headers"])
    ]
    if missing := missing_columns(mapping):
        found = ", ".join(f"« {h} »" for h, u in zip(table["headers"], used, strict=True) if u)
        raise ImportFileError(
            "Colonnes introuvables : %(missing)s. Colonnes du fichier : %(found)s. Un export "
            "SIECLE ou Pronote a les colonnes Nom, Prénom et Division (ou Classe).",
            params={"missing": ", ".join(missing), "found": found or "aucune"},
        )
    return table_rows(table, mapping)


@dataclasses.dataclass
class RowResult:
    line: int
    last_name: str
    first_name: str
    class_name: str
    action: str
    reason: str = ""
