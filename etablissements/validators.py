"""The UAI (unité administrative immatriculée) code of a French school."""

import re

from django.core.exceptions import ValidationError

from common.identifiers import nfkc

UAI_LETTERS = "ABCDEFGHJKLMNPRSTUVWXYZ"
UAI_PATTERN = re.compile(r"^[0-9]{7}[A-Z]$")


def uai_check_letter(digits: str) -> str:
    """The letter that ends a UAI: the 7-digit number modulo 23, read in UAI_LETTERS."""
    return UAI_LETTERS[int(digits) % 23]


def normalize_uai(value: str) -> str:
    """The UAI as stored: NFKC (fullwidth characters become ASCII), no spaces, upper case."""
    return "".join(nfkc(value).split()).upper()


def validate_uai(value: str) -> None:
    code = normalize_uai(value)
    if len(code) != 8:
        raise ValidationError(
            "Le code UAI compte 8 caractères : 7 chiffres puis une lettre (ex. 0750655E) ; "
            "vous en avez saisi %(count)s.",
            code="uai_length",
            params={"count": len(code)},
        )
    if not UAI_PATTERN.match(code):
        raise ValidationError(
            "Le code UAI s’écrit avec 7 chiffres suivis d’une lettre (ex. 0750655E).",
            code="uai_format",
        )
    expected = uai_check_letter(code[:7])
    if code[7] != expected:
        raise ValidationError(
            "La lettre de contrôle du code UAI ne correspond pas aux chiffres : pour "
            "%(digits)s, la lettre attendue est %(expected)s. Vérifiez le code saisi.",
            code="uai_checksum",
            params={"digits": code[:7], "expected": expected},
        )
