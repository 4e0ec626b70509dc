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


MAX_ID = 2**63 - 1  # the largest id any database column of the portal holds


def is_ascii_digits(text: str) -> bool:
    """`str.isdigit()` is also true of `¹`, `٣` or `１`, which `int()` or the database refuse."""
    return bool(text) and text.isascii() and text.isdigit()


def parse_id(value, *, maximum: int = MAX_ID) -> int | None:
    """The row id `value` stands for (NFKC: `１２` is 12, `¹` is 1), or None when it is not a
    positive integer within what the database holds (a bigger one would overflow the query)."""
    text = nfkc(value).strip()
    if not is_ascii_digits(text) or len(text) > 19:
        return None
    number = int(text)
    return number if 0 < number <= maximum else None


def email_normalize(value) -> str:
    """An email address for comparison: trimmed, ASCII letters lower-cased, nothing else."""
    return ("" if value is None else str(value)).strip().translate(_ASCII_LOWER)
