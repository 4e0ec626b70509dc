"""Reading a class list exported from the school's student information system.

SIECLE (Base élèves) names its fields NOM_DE_FAMILLE, PRENOM and CODE_STRUCTURE (the division)
in its XML exports (not checked on a real file), « Nom de famille », « Prénom 1 » and « Division »
in its CSV extractions (checked on a public reader of them, followed by the legal guardians'
« Nom de famille resp. légal1 »…: source and extract in tests/pfmp/fixtures/README.md);
Pronote's « Élèves » list says « Nom », « Prénom », « Né(e) le », « Prénom d'usage », « Sexe »,
« Classe »… (as a public reader of that export has them, same README), or, in an older export,
one « Élève » column, « NOM Prénom ». Each header is compared without case, accents,
punctuation or spaces (entreprises' header key). The file is read by the company import's
reader: CSV in UTF-8 (with or without BOM) or Windows-1252, `;` or `,`, or XLSX. Headers it does
not know are not refused: the RBDE says which column holds each needed field
(ColumnMappingForm), prefilled by `best_guess`. Nothing is written here:
`pupils_import_preview` says what each row would do, `pfmp.services.pupils_import` does it.
"""

import dataclasses

from entreprises.import_headers import column_is_used, header_key, known_headers, mapping_by_name
from entreprises.imports import ImportFileError, import_table, table_columns_used
from entreprises.models import name_key

__all__ = ["ImportFileError", "import_table", "table_columns_used"]

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
_KNOWN = known_headers(SYNONYMS)

CREATED, UNCHANGED, REJECTED = "ajouté", "déjà inscrit", "rejeté"


def guess_mapping(headers: list[str]) -> list[str | None]:
    return mapping_by_name(headers, _KNOWN)


# Words a header holds when it names a field in another way (« Prénom de l’apprenant »,
# « Nom (naissance) », « Groupe classe »), tried in this order on headers not recognised.
KEYWORDS = {
    "first_name": ("prenom", "firstname"),
    "last_name": ("nom", "famille", "lastname", "surname"),
    "class_name": ("classe", "division", "div", "structure", "groupe"),
    "full_name": ("eleve", "apprenant", "etudiant", "identite"),
}
SHARE_OF_KNOWN_CLASSES = 0.5  # a column mostly of the year's class names holds the class


def _values(table: dict, index: int) -> list[str]:
    return [str(r[index]).strip() for r in table["values"] if index < len(r) and str(r[index])]


def best_guess(table: dict, class_names=()) -> list[str | None]:
    """The field each column holds: the known headers first, then headers holding a field's
    word (« prenom » before « nom »), then, for the class, a column whose values are mostly
    the year's class names."""
    headers, used = table["headers"], table_columns_used(table)
    mapping = guess_mapping(headers)
    free = [i for i, h in enumerate(headers) if mapping[i] is None and used[i]]
    for key, words in KEYWORDS.items():
        has_names = {"last_name", "first_name"} <= set(mapping)
        if key in mapping or (key == "full_name" and has_names):
            continue
        for index in free:
            header = header_key(headers[index])
            if mapping[index] is None and any(w in header for w in words):
                if key == "last_name" and "prenom" in header:
                    continue
                mapping[index] = key
                break
    known = {name_key(c) for c in class_names}
    if "class_name" not in mapping and known:
        for index in free:
            values = _values(table, index)
            hits = sum(name_key(v) in known for v in values)
            if mapping[index] is None and values and hits >= SHARE_OF_KNOWN_CLASSES * len(values):
                mapping[index] = "class_name"
                break
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
    """The file's rows, its headers recognised, or ImportFileError (in French). Scripts and
    tests; the import screen offers the mapping step instead of refusing."""
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
