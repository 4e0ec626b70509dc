"""The fields and base forms of an offer's details (limits, DSFR widgets)."""

import datetime
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from dsfr.forms import DsfrBaseForm

TEXT_MAX = 2000


LINE_MAX = 200


MENTORING_MIN_HOURS_PER_MONTH = 2


MENTORING_MIN_MONTHS = 6


ASSOCIATE_MIN_YEARS = 5


ASSOCIATE_MAX_HOURS_PER_YEAR = 162


def _text(label, help_text="", required=True, max_length=TEXT_MAX):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _line(label, help_text="", required=True):
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=LINE_MAX)


def _count(label, minimum, message, help_text="", maximum=10_000):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=None,
        validators=[
            MinValueValidator(minimum, message=message),
            MaxValueValidator(maximum, message=f"Indiquez au plus {maximum}."),
        ],
    )


def _date(label, required=True, help_text="Au format jj/mm/aaaa."):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def _multi(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une case."},
    )


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label, help_text=help_text, choices=choices, widget=forms.RadioSelect
    )


# django-dsfr's own snippets for these widgets load widget_tweaks, absent from INSTALLED_APPS.
FIELD_TEMPLATES = {
    forms.CheckboxSelectMultiple: "dsfr_fields/checkboxselectmultiple.html",
    forms.RadioSelect: "dsfr_fields/radioselect.html",
    forms.CheckboxInput: "dsfr_fields/checkbox.html",
}


class DsfrForm(DsfrBaseForm):
    """A DSFR form whose checkboxes and radios render without widget_tweaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, template in FIELD_TEMPLATES.items():
                if type(field.widget) is widget_class:
                    field.template_name = template


class DetailsForm(DsfrForm):
    """Base of the per-kind forms. `to_details()` gives what is stored as JSON."""

    def to_details(self) -> dict:
        out = {}
        for name in self.declared_fields:
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value.normalize()) if value == value.to_integral() else str(value)
            out[name] = value
        return out
