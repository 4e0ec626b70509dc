"""Counts in words, singular or plural as French wants them: 0 and 1 take the singular.

Every layer writes counts ("1 session", "0 jour", "2 pactes"); this is the one place that
knows the rule. Templates use the `wording` filters (`etablissements/templatetags`).
"""


def plural_of(count, singular: str, plural: str) -> str:
    """The singular (0 and 1, as French has it) or the plural, for `count`."""
    return singular if abs(count) < 2 else plural


def count_text(count, singular: str, plural: str) -> str:
    """`count` followed by the singular (0 and 1, as French has it) or the plural.

    Not `ngettext`: with no catalog for these strings its fallback is the English rule, which
    writes "0 entreprises créées".
    """
    return f"{count} {plural_of(count, singular, plural)}"
