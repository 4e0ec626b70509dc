"""The RBDE's form to answer a submission and, for a specialisation request, follow it up."""

from django import forms
from wagtail.admin.forms import WagtailAdminModelForm

from .models import FollowUpStatus, SubmissionKind, SubmissionSchool, SubmissionStatus

ANSWER_CHOICES = [
    (value, label)
    for value, label in SubmissionStatus.choices
    if value != SubmissionStatus.WITHDRAWN
]


class ModerationForm(WagtailAdminModelForm):
    followup_status = forms.ChoiceField(
        label="suivi de la demande de formation", choices=FollowUpStatus.choices
    )
    before_parcoursup = forms.BooleanField(
        label="à transmettre avant l’offre Parcoursup de janvier",
        required=False,
        help_text="Pour figurer dans l’offre présentée en janvier, la demande doit partir dès "
        "l’automne.",
    )
    followup_comment = forms.CharField(
        label="commentaire sur le suivi",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Gardé dans l’historique de la demande ; il n’est pas envoyé à l’entreprise.",
    )

    class Meta:
        model = SubmissionSchool
        fields = ["status", "reason"]
        labels = {"status": "réponse du lycée"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = ANSWER_CHOICES
        self.fields["status"].widget = forms.RadioSelect(choices=ANSWER_CHOICES)
        submission = self.instance.submission
        if submission.kind == SubmissionKind.SPECIALISATION:
            self.fields["followup_status"].initial = submission.followup_status
            self.fields["before_parcoursup"].initial = submission.before_parcoursup
        else:
            for name in ("followup_status", "before_parcoursup", "followup_comment"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if (
            data.get("status") == SubmissionStatus.REFUSED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Indiquez le motif du refus : il est envoyé à l’entreprise.")
        return data
