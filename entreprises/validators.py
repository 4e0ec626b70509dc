"""SIRET checks with python-stdnum, and what a postcode or a NAF code tells."""

import re

from django.core.exceptions import ValidationError
from django.db.models import Q
from stdnum import luhn
from stdnum.fr import siret as stdnum_siret

from common.identifiers import digits_only, is_ascii_digits


def normalize_siret(value: str) -> str:
    """The SIRET as stored: NFKC (fullwidth digits become 0-9), without spaces, dots, dashes."""
    return "".join(ch for ch in digits_only(value) if not ch.isspace())


def validate_siret(value: str) -> None:
    code = normalize_siret(value)
    if not is_ascii_digits(code):
        raise ValidationError(
            "Le SIRET ne contient que des chiffres (14 chiffres, espaces permis).",
            code="siret_format",
        )
    if len(code) != 14:
        raise ValidationError(
            "Le SIRET compte 14 chiffres ; vous en avez saisi %(count)s.",
            code="siret_length",
            params={"count": len(code)},
        )
    if not stdnum_siret.is_valid(code):
        siren_ok = luhn.is_valid(code[:9])
        raise ValidationError(
            "Ce SIRET n’existe pas : sa clé de contrôle est fausse%(where)s. "
            "Vérifiez les chiffres sur un document de l’entreprise (Kbis, fiche de paie, avis "
            "de situation INSEE).",
            code="siret_checksum",
            params={"where": "" if siren_ok else " (dès le SIREN, les 9 premiers chiffres)"},
        )


def departement_from_postcode(postcode: str) -> str:
    """The département of a French postcode, Corsica (2A/2B) and overseas (971…988) included."""
    code = (postcode or "").strip()
    if len(code) != 5 or not code.isdigit():
        return ""
    if code.startswith("20"):
        return "2A" if code[:3] in {"200", "201"} else "2B"
    if code[:2] in {"97", "98"}:
        return code[:3]
    return code[:2]


# The codes departement_from_postcode gives: 01…95 but no 20, Corsica's 2A and 2B, 971…988.
DEPARTEMENT_CODE = re.compile(r"0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-8]|98[4-8]")


def departement_code(text: str) -> str | None:
    """The département a person typed (« 31 », « 2a », « 974 »), or None if it is none."""
    code = (text or "").strip().upper()
    return code if DEPARTEMENT_CODE.fullmatch(code) else None


def postcode_in_departement(code: str, field: str = "postcode") -> Q:
    """The rows whose postcode (`field`, a lookup path) lies in département `code`, the inverse
    of departement_from_postcode (2A: 200xx and 201xx; 2B: the other 20xxx)."""
    ajaccio = Q(**{f"{field}__startswith": "200"}) | Q(**{f"{field}__startswith": "201"})
    if code == "2A":
        return ajaccio
    if code == "2B":
        return Q(**{f"{field}__startswith": "20"}) & ~ajaccio
    return Q(**{f"{field}__startswith": code})


# NAF rev. 2 sections, by the two digits of the division.
NAF_SECTIONS = [
    ("A", "Agriculture, sylviculture et pêche", 1, 3),
    ("B", "Industries extractives", 5, 9),
    ("C", "Industrie manufacturière", 10, 33),
    (
        "D",
        "Production et distribution d’électricité, de gaz, de vapeur et d’air conditionné",
        35,
        35,
    ),
    (
        "E",
        "Production et distribution d’eau ; assainissement, gestion des déchets et dépollution",
        36,
        39,
    ),
    ("F", "Construction", 41, 43),
    ("G", "Commerce ; réparation d’automobiles et de motocycles", 45, 47),
    ("H", "Transports et entreposage", 49, 53),
    ("I", "Hébergement et restauration", 55, 56),
    ("J", "Information et communication", 58, 63),
    ("K", "Activités financières et d’assurance", 64, 66),
    ("L", "Activités immobilières", 68, 68),
    ("M", "Activités spécialisées, scientifiques et techniques", 69, 75),
    ("N", "Activités de services administratifs et de soutien", 77, 82),
    ("O", "Administration publique", 84, 84),
    ("P", "Enseignement", 85, 85),
    ("Q", "Santé humaine et action sociale", 86, 88),
    ("R", "Arts, spectacles et activités récréatives", 90, 93),
    ("S", "Autres activités de services", 94, 96),
    ("T", "Activités des ménages en tant qu’employeurs", 97, 98),
    ("U", "Activités extra-territoriales", 99, 99),
]
NAF_SECTION_CHOICES = [(letter, f"{letter} — {label}") for letter, label, _, _ in NAF_SECTIONS]


def normalize_naf(value: str) -> str:
    """'6201Z', '62.01z', '62 01 Z' → '62.01Z'."""
    raw = "".join(ch for ch in (value or "").upper() if ch.isalnum())
    if len(raw) == 5 and raw[:4].isdigit() and raw[4].isalpha():
        return f"{raw[:2]}.{raw[2:]}"
    return (value or "").strip().upper()


def validate_naf(value: str) -> None:
    code = normalize_naf(value)
    if not (
        len(code) == 6
        and code[:2].isdigit()
        and code[2] == "."
        and code[3:5].isdigit()
        and code[5].isalpha()
    ):
        raise ValidationError(
            "Le code NAF (APE) s’écrit avec 4 chiffres et une lettre, par exemple 62.01Z.",
            code="naf_format",
        )
    if not naf_section(code):
        raise ValidationError(
            "Ce code NAF ne correspond à aucune section connue.", code="naf_unknown"
        )


def naf_section(naf_code: str) -> str:
    code = normalize_naf(naf_code)
    if len(code) < 2 or not code[:2].isdigit():
        return ""
    division = int(code[:2])
    for letter, _, first, last in NAF_SECTIONS:
        if first <= division <= last:
            return letter
    return ""
