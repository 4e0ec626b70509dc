"""Import of a school's spreadsheet of companies and contacts (tablib reads CSV and XLSX).

`import_read` turns the file into rows, `import_preview` says what each row would do (nothing
is written), `import_apply` does it in one transaction.
"""

import csv
import dataclasses
import io
import zipfile

import tablib
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from openpyxl import load_workbook

from common.spreadsheets import strip_control

from .contacts import contact_find_or_create
from .models import Company, ConsentMethod, ContactRole, name_key
from .services import company_by_siret, company_find_or_create
from .validators import normalize_naf, normalize_siret, validate_naf, validate_siret

# internal key -> French header of the template
COLUMNS = {
    "siret": "SIRET",
    "name": "Raison sociale",
    "naf_code": "Code NAF",
    "address": "Adresse",
    "postcode": "Code postal",
    "town": "Commune",
    "website": "Site internet",
    "first_name": "Prénom du contact",
    "last_name": "Nom du contact",
    "role": "Rôle",
    "email": "Courriel",
    "phone": "Téléphone",
}
REQUIRED_COLUMNS = ("siret", "name")
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


def _missing_columns(headers) -> list[str]:
    found = {name_key(str(h or "")) for h in headers}
    return [COLUMNS[k] for k in REQUIRED_COLUMNS if name_key(COLUMNS[k]) not in found]


def _check_xlsx(content: bytes) -> None:
    """Refuse, before reading any sheet, an XLSX that unpacks to too much or whose first row is
    not the template's headers (openpyxl would otherwise inflate all of it in memory)."""
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
    if missing := _missing_columns(first):
        raise ImportFileError(
            "Colonnes introuvables : %(missing)s. La première ligne doit reprendre les titres "
            "du modèle.",
            params={"missing": ", ".join(missing)},
        )
    if declared_rows and declared_rows - 1 > MAX_ROWS:
        raise ImportFileError(
            "Le fichier compte %(count)s lignes ; importez-en %(max)s au plus à la fois.",
            params={"count": declared_rows - 1, "max": MAX_ROWS},
        )


def import_read(*, content: bytes, filename: str) -> list[dict]:
    """The file's rows as dicts keyed like COLUMNS, with their line number in the file."""
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
    except (csv.Error, ValueError, KeyError, OSError, tablib.UnsupportedFormat) as exc:
        raise ImportFileError(
            "Ce fichier ne se lit pas comme un tableau CSV ou Excel : partez du modèle."
        ) from exc
    except Exception as exc:  # openpyxl raises several kinds of errors on a bad xlsx
        raise ImportFileError(
            "Ce fichier ne se lit pas comme un tableau CSV ou Excel : partez du modèle."
        ) from exc
    wanted = {name_key(header): key for key, header in COLUMNS.items()}
    headers = [wanted.get(name_key(str(h or ""))) for h in (dataset.headers or [])]
    missing = [COLUMNS[k] for k in REQUIRED_COLUMNS if k not in headers]
    if missing:
        raise ImportFileError(
            "Colonnes introuvables : %(missing)s. La première ligne doit reprendre les titres "
            "du modèle.",
            params={"missing": ", ".join(missing)},
        )
    if dataset.height > MAX_ROWS:
        raise ImportFileError(
            "Le fichier compte %(count)s lignes ; importez-en %(max)s au plus à la fois.",
            params={"count": dataset.height, "max": MAX_ROWS},
        )
    rows = []
    for index, values in enumerate(dataset, start=2):
        row = {key: "" for key in COLUMNS}
        for key, value in zip(headers, values, strict=False):
            if key:
                row[key] = _cell(key, value)
        if any(row.values()):
            row["line"] = index
            rows.append(row)
    return rows


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

    @property
    def rejected(self) -> bool:
        return self.action == REJECTED


def _row_errors(row: dict) -> list[str]:
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
    if row["email"]:
        try:
            validate_email(row["email"])
        except ValidationError:
            errors.append(f"Courriel « {row['email']} » invalide.")
    if _has_contact(row) and not (row["first_name"] and row["last_name"]):
        errors.append("Contact incomplet : il faut son prénom et son nom.")
    return errors


def import_preview(rows: list[dict]) -> list[RowResult]:
    """What each row would do (créée / mise à jour / rejetée, and why). Writes nothing."""
    sirets = {normalize_siret(r["siret"]) for r in rows}
    existing = set(Company.objects.filter(siret__in=sirets).values_list("siret", flat=True))
    seen_companies: set[str] = set()
    seen_rows: dict[tuple[str, str], int] = {}
    results = []
    for row in rows:
        errors = _row_errors(row)
        siret = normalize_siret(row["siret"])
        if not errors:
            key = (siret, _contact_key(row) if _has_contact(row) else "")
            if key in seen_rows:
                errors.append(f"Doublon de la ligne {seen_rows[key]} du fichier.")
            else:
                seen_rows[key] = row["line"]
        if errors:
            results.append(RowResult(row["line"], REJECTED, errors, row))
            continue
        known = siret in existing or siret in seen_companies
        seen_companies.add(siret)
        contact = " ; contact ajouté" if _has_contact(row) else ""
        if known:
            results.append(
                RowResult(row["line"], UPDATED, [], row, f"entreprise déjà connue{contact}")
            )
        else:
            results.append(
                RowResult(row["line"], CREATED, [], row, f"nouvelle entreprise{contact}")
            )
    return results


COMPANY_FIELDS = ("name", "naf_code", "address", "postcode", "town", "website")


@transaction.atomic
def import_apply(*, rows: list[dict], school, by=None) -> dict[str, int]:
    """Apply the valid rows in one transaction; each company gets a prospect partnership with
    `school`, each contact gets `school` and the consent method "import"."""
    from partenariats.services import partnership_get_or_create

    counts = {CREATED: 0, UPDATED: 0, REJECTED: 0, "contacts": 0}
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
        partnership_get_or_create(school=school, company=company, by=by)
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
    return counts
