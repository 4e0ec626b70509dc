"""Import of a school's spreadsheet of companies and contacts (tablib reads CSV and XLSX).

`import_read` turns the file into rows, `import_preview` says what each row would do (nothing
is written), `import_apply` does it in one transaction. The import screen calls it through
partenariats.services.companies_import, which adds the school's partnerships.
"""

import dataclasses
import io
import zipfile

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import load_workbook

from common.spreadsheets import strip_control

from .import_headers import (
    COLUMNS,
    column_is_used,
    guess_mapping,
    missing_required,
)
from .models import Company, ConsentMethod, ContactRole, name_key
from .services import company_by_siret, company_find_or_create, contact_find_or_create
from .validators import normalize_naf, normalize_siret, validate_naf, validate_siret

MAX_ROWS = 5000
# An XLSX is a zip: 5,000 rows of 12 columns unpack to a few MB. Beyond this, a "zip bomb".
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
EXAMPLE_ROW = [
    "552 100 554 00013",
    "Boulangerie du Marché",
    "10.71C",
    "3 place du Marché",
    "31000",
    "Toulouse",
    "https://boulangerie.example.fr",
    "Julie",
    "Lefèvre",
    "tutrice",
    "julie.lefevre@example.fr",
    "05 61 00 00 00",
]
IMPORT_PURPOSE = (
    "être contacté par le lycée (coordonnées reprises du tableau du bureau des entreprises)"
)

CREATED, UPDATED, REJECTED = "créée", "mise à jour", "rejetée"


class ImportFileError(ValidationError):
    """The file cannot be read as a spreadsheet of companies; the message says why, in French."""


def import_template(file_format: str) -> bytes | str:
    """The empty spreadsheet to fill, with its French headers and one example row."""
    data = tablib.Dataset(EXAMPLE_ROW, headers=list(COLUMNS.values()), title="Entreprises")
    return data.export(file_format)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError("Le fichier n’est pas un texte lisible (enregistrez-le en CSV UTF-8).")


def _unreadable() -> ImportFileError:
    return ImportFileError(
        "Ce fichier ne se lit pas comme un tableau CSV ou Excel : partez du modèle."
    )


MAX_COLUMNS = 60


def _check_xlsx(content: bytes) -> None:
    """Refuse, before reading any sheet, an XLSX that unpacks to too much, has no title row or
    declares too many rows (openpyxl would otherwise inflate all of it in memory)."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _unreadable() from exc
    if unpacked > MAX_UNPACKED_BYTES:
        raise ImportFileError(
            "Ce fichier Excel se décompresse en %(size)s Mo, bien plus qu’un tableau de "
            "%(max)s lignes : il n’est pas lu. Partez du modèle.",
            params={"size": unpacked // (1024 * 1024), "max": MAX_ROWS},
        )
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        first = next(sheet.iter_rows(min_row=1, max_row=1, values_only=True), ())
        declared_rows = sheet.max_row
        book.close()
    except Exception as exc:  # openpyxl raises several kinds of errors on a bad xlsx
        raise _unreadable() from exc
    _check_headers(first)
    if declared_rows and declared_rows - 1 > MAX_ROWS:
        raise _too_many_rows(declared_rows - 1)


def _check_headers(headers) -> None:
    titled = [h for h in headers or () if str(h or "").strip()]
    if not titled:
        raise ImportFileError(
            "La première ligne du fichier doit donner le titre de chaque colonne (SIRET, "
            "raison sociale…) : partez du modèle."
        )
    if len(headers) > MAX_COLUMNS:
        raise ImportFileError(
            "Le fichier compte %(count)s colonnes ; le modèle en a %(template)s.",
            params={"count": len(headers), "template": len(COLUMNS)},
        )


def _too_many_rows(count: int) -> ImportFileError:
    return ImportFileError(
        "Le fichier compte %(count)s lignes ; importez-en %(max)s au plus à la fois.",
        params={"count": count, "max": MAX_ROWS},
    )


def _plain(value):
    """A cell as JSON keeps it between the steps (numbers stay numbers for `_cell`)."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    return strip_control(str(value)).strip()


def import_table(*, content: bytes, filename: str) -> dict:
    """The file as {"headers": [...], "values": [[...], ...]}, JSON-safe: the session keeps it
    while the RBDE maps the columns. Raises ImportFileError, in French, when it cannot."""
    dataset = tablib.Dataset()
    try:
        if filename.lower().endswith(".xlsx"):
            _check_xlsx(content)
            dataset.load(content, format="xlsx")
        else:
            text = _decode(content)
            first_line = text.splitlines()[0] if text.strip() else ""
            delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
            dataset.load(text, format="csv", delimiter=delimiter)
    except ImportFileError:
        raise
    except Exception as exc:  # csv, tablib and openpyxl raise several kinds of errors
        raise _unreadable() from exc
    headers = [_plain(h) for h in (dataset.headers or [])]
    _check_headers(headers)
    if dataset.height > MAX_ROWS:
        raise _too_many_rows(dataset.height)
    values = [[_plain(v) for v in row] for row in dataset]
    return {"headers": [str(h) for h in headers], "values": values}


def table_columns_used(table: dict) -> list[bool]:
    """Which columns of the table have a title or a value (the others are not offered)."""
    headers, values = table["headers"], table["values"]
    return [
        column_is_used(h, [row[i] if i < len(row) else "" for row in values])
        for i, h in enumerate(headers)
    ]


def import_rows(table: dict, mapping: list[str | None]) -> list[dict]:
    """The table's rows as dicts keyed like COLUMNS (mapping: one field or None per column),
    with their line number in the file; blank rows are left out."""
    rows = []
    for index, values in enumerate(table["values"], start=2):
        row = {key: "" for key in COLUMNS}
        for key, value in zip(mapping, values, strict=False):
            if key:
                row[key] = _cell(key, value)
        if any(row.values()):
            row["line"] = index
            rows.append(row)
    return rows


def import_read(*, content: bytes, filename: str) -> list[dict]:
    """The file's rows, its headers recognised (synonyms included), or ImportFileError."""
    table = import_table(content=content, filename=filename)
    mapping = guess_mapping(table["headers"])
    if missing := missing_required(mapping):
        raise ImportFileError(
            "Colonnes introuvables : %(missing)s. La première ligne doit reprendre les titres "
            "du modèle.",
            params={"missing": ", ".join(missing)},
        )
    return import_rows(table, mapping)


# A spreadsheet that stored these codes as numbers dropped their leading zeros: put them back.
NUMERIC_CODE_WIDTHS = {"siret": 14, "postcode": 5}


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if float(value).is_integer():
            number = int(value)
            width = NUMERIC_CODE_WIDTHS.get(key)
            return f"{number:0{width}d}" if width and number >= 0 else str(number)
    return strip_control(str(value)).strip()


ROLE_WORDS = {
    "tuteur": ContactRole.TUTOR,
    "tutrice": ContactRole.TUTOR,
    "maitre d apprentissage": ContactRole.TUTOR,
    "mentor": ContactRole.MENTOR,
    "mentore": ContactRole.MENTOR,
    "rh": ContactRole.HR,
    "ressources humaines": ContactRole.HR,
    "dirigeant": ContactRole.MANAGER,
    "dirigeante": ContactRole.MANAGER,
    "gerant": ContactRole.MANAGER,
    "gerante": ContactRole.MANAGER,
    "manager": ContactRole.MANAGER,
    "directeur": ContactRole.MANAGER,
    "directrice": ContactRole.MANAGER,
}


def _role(text: str) -> tuple[str, str]:
    """(role, job title) from the free text of the Rôle column."""
    role = ROLE_WORDS.get(name_key(text))
    if role:
        return role, ""
    return ContactRole.OTHER, text[:120]


def _has_contact(row: dict) -> bool:
    return bool(row.get("first_name") or row.get("last_name") or row.get("email"))


def _contact_key(row: dict) -> str:
    if row.get("email"):
        return row["email"].lower()
    return name_key(f"{row.get('first_name', '')} {row.get('last_name', '')}")


@dataclasses.dataclass
class RowResult:
    line: int
    action: str
    reasons: list[str]
    row: dict
    detail: str = ""
    # Why the row's contact is left out while its company is imported ("" when it is not).
    contact_skipped: str = ""

    @property
    def rejected(self) -> bool:
        return self.action == REJECTED


def _company_errors(row: dict) -> list[str]:
    errors = []
    try:
        validate_siret(row["siret"])
    except ValidationError as exc:
        errors.append(
            f"SIRET « {row['siret']} » : {exc.messages[0]}" if row["siret"] else "SIRET manquant."
        )
    if not row["name"]:
        errors.append("Raison sociale manquante.")
    if row["naf_code"]:
        try:
            validate_naf(row["naf_code"])
        except ValidationError as exc:
            errors.append(f"Code NAF « {row['naf_code']} » : {exc.messages[0]}")
    if row["postcode"] and not (len(row["postcode"]) == 5 and row["postcode"].isdigit()):
        errors.append(f"Code postal « {row['postcode']} » : 5 chiffres attendus.")
    return errors


def _contact_errors(row: dict) -> list[str]:
    """What keeps the row's contact out (the company of the row is imported all the same)."""
    errors = []
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(f"Courriel « {row['email']} » invalide.")
    if _has_contact(row) and not (row["first_name"] and row["last_name"]):
        errors.append("Contact incomplet : il faut son prénom et son nom.")
    return errors


def import_preview(rows: list[dict]) -> list[RowResult]:
    """What each row would do (créée / mise à jour / rejetée, and why; a contact left out
    and why). Writes nothing."""
    sirets = {normalize_siret(r["siret"]) for r in rows}
    existing = set(Company.objects.filter(siret__in=sirets).values_list("siret", flat=True))
    seen_companies: set[str] = set()
    seen_rows: dict[tuple[str, str], int] = {}
    results = []
    for row in rows:
        errors = _company_errors(row)
        contact_errors = _contact_errors(row)
        siret = normalize_siret(row["siret"])
        if not errors:
            key = (siret, _contact_key(row) if _has_contact(row) else "")
            if key in seen_rows:
                errors.append(f"Doublon de la ligne {seen_rows[key]} du fichier.")
            else:
                seen_rows[key] = row["line"]
        if errors:
            results.append(RowResult(row["line"], REJECTED, errors + contact_errors, row))
            continue
        known = siret in existing or siret in seen_companies
        seen_companies.add(siret)
        skipped = " ".join(contact_errors)
        if skipped:
            contact = f" ; contact écarté : {skipped}"
        else:
            contact = " ; contact ajouté" if _has_contact(row) else ""
        action, what = (
            (UPDATED, "entreprise déjà connue") if known else (CREATED, "nouvelle entreprise")
        )
        results.append(RowResult(row["line"], action, [], row, f"{what}{contact}", skipped))
    return results


COMPANY_FIELDS = ("name", "naf_code", "address", "postcode", "town", "website")


@transaction.atomic
def import_apply(*, rows: list[dict], school, by=None) -> dict:
    """Apply the valid rows in one transaction; each contact gets `school` and the consent
    method "import". The counts, "contacts_skipped": one French line per contact left out (its
    row's company imported), and "companies": the companies imported, once each (the caller,
    partenariats.services.companies_import, gives each a partnership with `school`)."""
    counts = {CREATED: 0, UPDATED: 0, REJECTED: 0, "contacts": 0, "contacts_skipped": []}
    companies: dict[int, Company] = {}
    for result in import_preview(rows):
        counts[result.action] += 1
        if result.rejected:
            continue
        row = result.row
        data = {k: row[k] for k in COMPANY_FIELDS if row[k]}
        if "naf_code" in data:
            data["naf_code"] = normalize_naf(data["naf_code"])
        company = company_by_siret(row["siret"])
        if company is None:
            company, _ = company_find_or_create(siret=row["siret"], defaults=data)
        else:
            # A shared record: the import only fills what it lacks.
            blanks = [k for k, v in data.items() if k != "name" and not getattr(company, k)]
            for name in blanks:
                setattr(company, name, data[name])
            if blanks:
                company.save()
        companies.setdefault(company.pk, company)
        if result.contact_skipped:
            counts["contacts_skipped"].append(f"ligne {result.line} : {result.contact_skipped}")
            continue
        if not _has_contact(row):
            continue
        role, job_title = _role(row["role"])
        _, created = contact_find_or_create(
            company=company,
            email=row["email"],
            first_name=row["first_name"],
            last_name=row["last_name"],
            role=role,
            job_title=job_title,
            phone=row["phone"],
            consent_method=ConsentMethod.IMPORT,
            consent_purpose=IMPORT_PURPOSE,
            schools=[school],
            by=by,
        )
        counts["contacts"] += created
    counts["companies"] = list(companies.values())
    return counts


def skipped_contacts_sentence(skipped: list[str]) -> str:
    """The sentence of the result message on the contacts left out ("" when none)."""
    if not skipped:
        return ""
    head = (
        "Contact écarté, son entreprise importée"
        if len(skipped) == 1
        else "Contacts écartés, leur entreprise importée"
    )
    return f" {head} : " + " ".join(skipped)
