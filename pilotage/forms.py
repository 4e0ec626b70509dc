from django import forms

from offres.models import FollowUpStatus

# What the académie decides: the school's own steps (received, under study) stay with the RBDE.
ACADEMY_STEPS = [FollowUpStatus.SENT_ON, FollowUpStatus.OPENED, FollowUpStatus.DECLINED]


class FollowUpForm(forms.Form):
    followup_status = forms.ChoiceField(
        label="nouvelle étape du suivi",
        choices=[(s.value, s.label) for s in ACADEMY_STEPS],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="commentaire",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Gardé dans l’historique de la demande ; il n’est pas envoyé à l’entreprise.",
        error_messages={"required": "Écrivez un commentaire : il explique l’étape."},
    )
