"""The public directory's wording: how many filters are active, how many companies listed."""

from django import template

from common.wording import count_text

register = template.Library()


@register.filter
def active_filter_count(form) -> int:
    """The form's fields given a value (a space-only box is not a filter)."""
    if not form.is_bound:
        return 0
    return sum(1 for name in form.fields if str(form.data.get(name, "")).strip())


@register.filter
def filters_title(count: int) -> str:
    """ "Filtrer les entreprises (2 filtres actifs)"; no parenthesis when none is."""
    if not count:
        return "Filtrer les entreprises"
    return f"Filtrer les entreprises ({count_text(count, 'filtre actif', 'filtres actifs')})"


@register.filter
def companies_count_text(count: int) -> str:
    return count_text(count, "entreprise", "entreprises")
