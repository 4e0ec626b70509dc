"""Numbers of the Pacte written the French way: « 14 h », « 1,5 h », « 1 250 € », « 5,5 parts »."""

from decimal import Decimal, InvalidOperation

from django.utils import numberformat

from common.wording import plural_of

THOUSANDS = "\u202f"  # espace fine insécable, the French thousands separator
BEFORE_UNIT = "\u00a0"  # espace insécable between a number and its unit


def _decimal(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        return Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None


def number_fr(value, places: int | None = None) -> str:
    """« 1 250 », « 14,0 » (with `places`), « 5,5 » (as many places as needed, without)."""
    number = _decimal(value)
    if number is None:
        return "" if value is None else str(value)
    if places is None:
        places = max(-number.normalize().as_tuple().exponent, 0)
    return numberformat.format(
        number,
        decimal_sep=",",
        decimal_pos=places,
        grouping=3,
        thousand_sep=THOUSANDS,
        force_grouping=True,
    )


def hours_fr(value) -> str:
    """« 14 h », « 1,5 h »: decimals only when there are some."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{number_fr(number, 0 if number == number.to_integral() else 1)}{BEFORE_UNIT}h"


def hours_words(value) -> str:
    """« 90 heures », « 1 heure », « 1,5 heure » (singular below 2, as French has it)."""
    number = _decimal(value)
    if number is None:
        return ""
    places = 0 if number == number.to_integral() else 1
    return f"{number_fr(number, places)}{BEFORE_UNIT}{plural_of(number, 'heure', 'heures')}"


def euros_fr(value) -> str:
    """« 1 250 € » for whole euros, « 1 250,50 € » otherwise."""
    number = _decimal(value)
    if number is None:
        return ""
    places = 0 if number == number.to_integral() else 2
    return f"{number_fr(number, places)}{BEFORE_UNIT}€"


def parts_fr(value) -> str:
    """« 1 part », « 0,5 part », « 5,5 parts »."""
    number = _decimal(value)
    if number is None:
        return ""
    return f"{number_fr(number)}{BEFORE_UNIT}part{'s' if number > 1 else ''}"
