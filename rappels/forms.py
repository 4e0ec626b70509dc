"""The staff's reminder preferences, a panel of their Wagtail account settings."""

from django import forms

from .models import StaffOptOut
from .services import optional_rules, staff_preferences_set


class ReminderPreferencesForm(forms.Form):
    received = forms.MultipleChoiceField(
        label="Rappels que je reçois par courriel",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        # A DSFR fieldset, one checkbox a line (Wagtail's own rendering ran them inline).
        template_name="dsfr_fields/checkboxselectmultiple.html",
        help_text="Décochez un rappel pour ne plus le recevoir. Les rappels obligatoires "
        "n’apparaissent pas ici. Vous recevez au plus un courriel de rappel par jour (les "
        "nouvelles propositions des entreprises suivent leur propre réglage, sur cette page).",
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.user = instance
        super().__init__(*args, **kwargs)
        rules = optional_rules()
        self.fields["received"].choices = [(rule.code, rule.label) for rule in rules]
        disabled = set(
            StaffOptOut.objects.filter(user=instance).values_list("rule_code", flat=True)
        )
        self.fields["received"].initial = [r.code for r in rules if r.code not in disabled]

    def save(self):
        received = set(self.cleaned_data["received"])
        staff_preferences_set(
            user=self.user,
            disabled_codes=[rule.code for rule in optional_rules() if rule.code not in received],
        )
