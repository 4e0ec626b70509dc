"""Identifiers and addresses read from people: one way to normalise them before any check.

A SIRET, UAI or row id typed with fullwidth digits (`１２３`), superscripts (`¹`) or other
compatibility forms is brought to plain ASCII by NFKC before it is validated, so that it
matches the record typed the ordinary way, and never reaches `int()` or the database as a
string that only looks like digits. An email address is the opposite case: it is compared as
received, with only ASCII letters lower-cased, so that a look-alike character (KELVIN SIGN,
U+212A, which Python's `lower()` turns into `k`) never matches an ordinary address.
"""

import unicodedata

_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def nfkc(value) -> str:
    """`value` as text in NFKC form (fullwidth and superscript digits become 0-9)."""
    return unicodedata.normalize("NFKC", "" if value is None else str(value))


def digits_only(value) -> str:
    """The NFKC form of `value` without spaces, dots and dashes people type between digits."""
    text = nfkc(value)
    return "".join(c for c in text if c not in " .-\u00a0\u202f\t")


def is_ascii_id(value) -> bool:
    """True when `value` (after NFKC) is a positive integer written in ASCII digits."""
    text = nfkc(value).strip()
    return text.isascii() and text.isdigit() and len(text) < 19


def email_normalize(value) -> str:
    """An email address for comparison: trimmed, ASCII letters lower-cased, nothing else."""
    return ("" if value is None else str(value)).strip().translate(_ASCII_LOWER)
