"""The columns of a spreadsheet of companies: which header means which field of the portal.

Schools' own files say "Nom entreprise", "CP", "E-mail"… as often as the template's titles:
each field has its synonyms, compared without case, accents, punctuation, spaces or the little
words ("de", "du", "l’"). What is still not recognised, the RBDE maps by hand (import_mapping).
"""

from .models import name_key

# internal key -> French header of the template (the first title of each field below)
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

SYNONYMS = {
    "siret": ("SIRET", "N° SIRET", "Numéro SIRET", "Code SIRET", "SIRET de l’établissement"),
    "name": (
        "Raison sociale",
        "Nom entreprise",
        "Nom de l’entreprise",
        "Entreprise",
        "Société",
        "Dénomination",
        "Dénomination sociale",
        "Nom de la société",
        "Établissement",
        "Structure",
        "Employeur",
    ),
    "naf_code": ("Code NAF", "NAF", "Code APE", "APE", "NAF/APE", "Code NAF/APE", "Activité NAF"),
    "address": ("Adresse", "Adresse postale", "Rue", "Voie", "Adresse de l’entreprise"),
    "postcode": ("Code postal", "CP", "Code post"),
    "town": ("Commune", "Ville", "Localité"),
    "website": ("Site internet", "Site web", "Site", "Web", "URL", "Internet"),
    "first_name": ("Prénom du contact", "Prénom", "Prénom contact", "Prénom du tuteur"),
    "last_name": ("Nom du contact", "Nom contact", "Nom de famille", "Nom du tuteur"),
    "role": ("Rôle", "Rôle du contact", "Fonction", "Poste", "Qualité"),
    "email": (
        "Courriel",
        "E-mail",
        "Mail",
        "Adresse mail",
        "Adresse e-mail",
        "Adresse électronique",
        "Courriel du contact",
        "Mail du contact",
        "Mél",
    ),
    "phone": (
        "Téléphone",
        "Tél",
        "Téléphone du contact",
        "Portable",
        "Mobile",
        "Numéro de téléphone",
        "Tél du contact",
    ),
}
# A bare "Nom" is the company's in a list of companies, the contact's when the company's name
# already has its column: it takes the first of these fields that no other column took.
AMBIGUOUS = {"nom": ("name", "last_name")}

_SMALL_WORDS = {"de", "du", "des", "d", "l", "la", "le", "les", "a"}
_NUMBER_WORDS = {"n", "no", "num", "numero"}


def header_key(text) -> str:
    """A header reduced to its meaning: "N° de SIRET", "n siret" and "SIRET" are one key."""
    words = [w for w in name_key(str(text or "")).split() if w not in _SMALL_WORDS]
    if len(words) > 1 and words[0] in _NUMBER_WORDS:
        words = words[1:]
    return "".join(words)


def known_headers(synonyms: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Each header a field may have (compared by header_key), to the field."""
    return {header_key(title): key for key, titles in synonyms.items() for title in titles}


_KNOWN = known_headers(SYNONYMS)


def mapping_by_name(headers: list[str], known: dict[str, str]) -> list[str | None]:
    """For each column, the field its header names (None when not recognised). A field goes to
    the first column that names it; a later column naming it again stays unmapped."""
    mapping: list[str | None] = [None] * len(headers)
    taken: set[str] = set()
    for index, header in enumerate(headers):
        key = known.get(header_key(header))
        if key and key not in taken:
            mapping[index] = key
            taken.add(key)
    return mapping


def guess_mapping(headers: list[str]) -> list[str | None]:
    """For each column, the field it holds: its name, then the ambiguous titles (a field
    already found elsewhere is not taken twice)."""
    mapping = mapping_by_name(headers, _KNOWN)
    taken = {key for key in mapping if key}
    for index, header in enumerate(headers):
        for key in AMBIGUOUS.get(header_key(header), ()):
            if mapping[index] is None and key not in taken:
                mapping[index] = key
                taken.add(key)
    return mapping


def column_is_used(header, values) -> bool:
    """A column with a title or with something written in it (blank columns are left out)."""
    return bool(str(header or "").strip()) or any(str(v or "").strip() for v in values)


def mapping_is_complete(headers: list[str], mapping: list[str | None], used: list[bool]) -> bool:
    """Every used column recognised and every required field found: no mapping step needed."""
    recognised = all(key for key, is_used in zip(mapping, used, strict=True) if is_used)
    return recognised and not missing_required(mapping)


def missing_required(mapping: list[str | None]) -> list[str]:
    """The French titles of the required fields that no column holds."""
    return [COLUMNS[key] for key in REQUIRED_COLUMNS if key not in mapping]


def mapping_duplicates(mapping: list[str | None]) -> dict[str, list[int]]:
    """Fields chosen for more than one column -> the indexes of those columns."""
    columns: dict[str, list[int]] = {}
    for index, key in enumerate(mapping):
        if key:
            columns.setdefault(key, []).append(index)
    return {key: indexes for key, indexes in columns.items() if len(indexes) > 1}


def column_letter(index: int) -> str:
    """The spreadsheet's name of the column: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
