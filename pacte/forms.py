"""Forms of the Pacte screens: input only; the rules live in pacte.services."""

from django import forms

from .models import ActivityKind, Mission, PartKind


class ActivityLogForm(forms.Form):
    occurred_on = forms.DateField(
        label="Date", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    kind = forms.ChoiceField(label="Type d’action", choices=ActivityKind.choices)
    hours = forms.DecimalField(
        label="Heures",
        min_value=0.5,
        max_value=12,
        decimal_places=1,
        help_text="Entre 0,5 et 12 heures.",
        widget=forms.NumberInput(attrs={"step": "0.5"}),
    )
    description = forms.CharField(
        label="Ce qui a été fait",
        max_length=300,
        help_text="Une phrase, sans données personnelles d’élèves.",
    )


class ReportCommentsForm(forms.Form):
    comments = forms.CharField(
        label="Vos commentaires",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce que les chiffres ne disent pas : réussites, difficultés, suites proposées.",
    )


class DecisionForm(forms.Form):
    comment = forms.CharField(
        label="Commentaire de la direction",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatoire pour renvoyer le bilan : dites ce qu’il faut compléter.",
    )


class RedeployForm(forms.Form):
    part = forms.ModelChoiceField(label="Heures de face-à-face à redéployer", queryset=None)
    to_mission = forms.ModelChoiceField(label="Vers la mission", queryset=None)
    hours = forms.IntegerField(label="Heures", min_value=1)
    reason = forms.CharField(
        label="Motif lié au service", widget=forms.Textarea(attrs={"rows": 2}), max_length=1000
    )

    def __init__(self, *args, engagement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["part"].queryset = engagement.parts.filter(
            mission__part_kind=PartKind.FACE_TO_FACE
        ).select_related("mission")
        self.fields["part"].label_from_instance = lambda p: f"{p.mission.action} ({p.hours} h)"
        self.fields["to_mission"].queryset = Mission.objects.active().exclude(
            part_kind=PartKind.FORFAIT
        )
        self.fields["to_mission"].label_from_instance = lambda m: f"{m.action} ({m.quantum})"
