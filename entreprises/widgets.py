"""The SIRET field's lookup: attributes read by static/entreprises/siret-lookup.js."""

from django import forms
from django.conf import settings
from django.urls import reverse

SIRET_LOOKUP_MEDIA = forms.Media(js=["entreprises/siret-lookup.js"])


def siret_lookup_attrs(**fill: str) -> dict:
    """Widget attributes for a SIRET input; `fill` maps a directory field to a field's HTML name.

    Nothing when the directory is switched off: the field stays a plain text box.
    """
    if not settings.RECHERCHE_ENTREPRISES_ENABLED:
        return {}
    return {
        "data-siret-lookup": reverse("entreprises:siret_lookup"),
        "data-siret-fill": " ".join(f"{key}={name}" for key, name in fill.items()),
    }


def siret_lookup_setup(form: forms.BaseForm, field: str = "siret", **fill: str) -> None:
    """Plug the lookup into `form`'s SIRET field (call from the form's __init__)."""
    attrs = siret_lookup_attrs(**{key: form.add_prefix(name) for key, name in fill.items()})
    if attrs and field in form.fields:
        form.fields[field].widget.attrs.update(attrs)
