"""French typography in one place: counts in words (0 and 1 take the singular), the elision of
« de » and « que » before a vowel, and the mistakes a rendered page must never show.

Every layer writes counts ("1 session", "0 jour", "2 pactes") and names ("d’Élise Martin");
this is the one place that knows the rules. Templates use the `wording` filters
(`etablissements/templatetags`); `typography_mistakes` is what the tests run over every page
of the demo.
"""

import re
import unicodedata


def plural_of(count, singular: str, plural: str) -> str:
    """The singular (0 and 1, as French has it) or the plural, for `count`."""
    return singular if abs(count) < 2 else plural


def count_text(count, singular: str, plural: str) -> str:
    """`count` followed by the singular (0 and 1, as French has it) or the plural.

    Not `ngettext`: with no catalog for these strings its fallback is the English rule, which
    writes "0 entreprises créées".
    """
    return f"{count} {plural_of(count, singular, plural)}"


ELIDING_LETTERS = set("aeiouyh")  # « h » muet is the common case in first names (Hélène, Hugo)


def _starts_with_vowel(word: str) -> bool:
    first = unicodedata.normalize("NFD", (word or "").strip()[:1].lower())[:1]
    return first in ELIDING_LETTERS


def de(name: str) -> str:
    """« de Paul Azéma », « d’Élise Martin »."""
    return f"d’{name}" if _starts_with_vowel(name) else f"de {name}"


def que(name: str) -> str:
    """« que Paul », « qu’Élise »."""
    return f"qu’{name}" if _starts_with_vowel(name) else f"que {name}"


def greeting(first_name: str | None) -> str:
    """The opening of every mail: « Bonjour Élise, » (the first name only), or « Bonjour, »."""
    first_name = (first_name or "").strip()
    return f"Bonjour {first_name}," if first_name else "Bonjour,"


# What a page a person reads must never show: (pattern, what is wrong). Checked on the text
# of the rendered pages (tests/home/test_typography.py), so a template can never bring one back.
TYPOGRAPHY_MISTAKES = [
    (re.compile(r"\bd[’']heures\b"), "« N h d’heures » : écrire « N heures »"),
    (re.compile(r"\d,0[\s\u00a0\u202f]?h\b"), "« 18,0 h » : écrire « 18 h »"),
    (
        re.compile(r"\b(?:de|que|De|Que) (?=[AEIOUYÉÈÊÀÂÎÔÛ][a-zéèêàâîôûç])"),
        "« de Élise », « que Élise » : élider (« d’Élise », « qu’Élise »)",
    ),
    (re.compile(r"\w [,.](?!\d)"), "espace avant une virgule ou un point"),
    (re.compile(r"[A-Za-zÀ-ÿ)»]:(?=\s)"), "pas d’espace avant les deux-points"),
    (re.compile(r"\b\d{1,2}h\d{2}\b"), "« 14h00 » : écrire « 14 h », « 9 h 05 » (`date_fr`)"),
    (re.compile(r"\bà \d{1,2}:\d{2}\b"), "« à 17:49 » : écrire « à 17 h 49 » (`date_fr`)"),
    (
        # Plurals only: Wagtail's own French says « Utilisé(e) 4 fois » (its catalogue, not ours).
        re.compile(r"[a-zà-ÿ]\((?:s|es|x)\)"),
        "« élève(s) proposé(s) » : accorder au nombre (`count_text`)",
    ),
]


def typography_mistakes(text: str) -> list[str]:
    """Each mistake of `text` as « what is wrong : the passage », for a test to print."""
    found = []
    for pattern, what in TYPOGRAPHY_MISTAKES:
        for match in pattern.finditer(text):
            start, end = max(match.start() - 30, 0), match.end() + 30
            found.append(f"{what} : …{text[start:end].strip()}…")
    return found
