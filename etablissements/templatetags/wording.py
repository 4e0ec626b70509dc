"""Counts in French in templates: `{{ n|compte:"session,sessions" }}` writes "1 session",
"0 session", "2 sessions"; `{{ n|pluriel }}` is Django's `pluralize` with the French rule
(Django's writes "0 sessions")."""

from django import template
from django.template import defaultfilters

from common.dates import french_day_format, french_hours
from common.wording import count_text, de, greeting, plural_of, que

register = template.Library()


def _forms(arg: str) -> tuple[str, str]:
    if "," in arg:
        singular, plural = arg.split(",", 1)
        return singular, plural
    return arg, f"{arg}s"


@register.filter
def compte(count, forms: str) -> str:
    """`count` and the noun agreed with it: forms "singular,plural" (or "singular" + s)."""
    if count is None or count == "":
        return "—"
    return count_text(count, *_forms(forms))


@register.filter
def pluriel(count, suffixes: str = "s") -> str:
    """The suffix of the plural ("s", or "singular,plural" suffixes) only from 2 on."""
    if "," not in suffixes:
        suffixes = f",{suffixes}"
    singular, plural = suffixes.split(",", 1)
    try:
        number = len(count) if hasattr(count, "__len__") else float(count)
    except (TypeError, ValueError):
        return singular
    return plural_of(number, singular, plural)


@register.filter(expects_localtime=True)
def date_fr(value, arg=None):
    """Django's `date`, with the first of the month written "1er" ("1er septembre 2026"), and
    the hours of a `H\\hi` format as French typography writes them: "9 h 05", "14 h"."""
    return french_hours(defaultfilters.date(value, french_day_format(value, arg)))


@register.filter(name="de")
def de_filter(name) -> str:
    """« de Paul Azéma », « d’Élise Martin » (`{{ name|de }}`)."""
    return de(str(name))


@register.filter(name="que")
def que_filter(name) -> str:
    """« que Paul », « qu’Élise » (`Ce {{ name|que }} recevra`)."""
    return que(str(name))


@register.filter
def bonjour(first_name) -> str:
    """« Bonjour Élise, », or « Bonjour, » with no first name (`{{ first_name|bonjour }}`)."""
    return greeting(str(first_name or ""))
