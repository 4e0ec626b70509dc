"""The RBDE's choice of when to hear of new proposals: a panel of their account settings."""

from django import forms
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab

from etablissements.models import Membership
from etablissements.roles import Role

from .new_submissions import submission_delivery_set
from .preferences import SubmissionDelivery, delivery_of


class SubmissionDeliveryForm(forms.Form):
    delivery = forms.ChoiceField(
        label="Quand recevoir les nouvelles propositions des entreprises pour votre lycée",
        choices=SubmissionDelivery.choices,
        widget=forms.RadioSelect,
        help_text="Chaque courriel mène à la proposition dans la file de modération. La "
        "synthèse du jour regroupe en un seul courriel toutes les propositions de la journée.",
    )

    def __init__(self, *args, instance=None, **kwargs):
        self.user = instance
        super().__init__(*args, **kwargs)
        self.fields["delivery"].initial = delivery_of(instance)

    def save(self):
        submission_delivery_set(user=self.user, delivery=self.cleaned_data["delivery"])


class SubmissionDeliveryPanel(BaseSettingsPanel):
    name = "nouvelles_propositions"
    title = "Nouvelles propositions des entreprises"
    tab = notifications_tab
    order = 450
    form_class = SubmissionDeliveryForm

    def is_active(self):
        return Membership.objects.filter(user=self.user, role=Role.RBDE).exists()
