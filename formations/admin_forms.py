"""Forms of the staff screens: choices limited to the user's schools, rules from the services."""

from django import forms

from etablissements.admin_views import (
    PersonChoiceField,
    PersonMultipleChoiceField,
    ScopedAdminForm,
)
from etablissements.querysets import teachers_for
from etablissements.selectors import is_teacher_of
from offres.models import SubmissionKind, SubmissionSchool, SubmissionStatus

from . import services
from .models import ImmersionFormat, Topic


class TutorTrainingAdminForm(ScopedAdminForm):
    topics = forms.MultipleChoiceField(
        label="thèmes", choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "leaders" in self.fields and for_user is not None:
            self.fields["leaders"] = PersonMultipleChoiceField(
                label="enseignants qui animent",
                queryset=teachers_for(for_user),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Enseignants de l’établissement (rôle enseignant).",
            )

    def clean(self):
        cleaned = super().clean()
        school, leaders = cleaned.get("school"), cleaned.get("leaders")
        if school and leaders:
            self.instance.school = school
            try:
                services.training_check_leaders(training=self.instance, leaders=leaders)
            except services.FormationError as error:
                self.add_error("leaders", error.message)
        return cleaned


class EventAdminForm(ScopedAdminForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "organisers" in self.fields and for_user is not None:
            self.fields["organisers"] = PersonMultipleChoiceField(
                label="enseignants qui l’organisent",
                queryset=teachers_for(for_user),
                required=False,
                widget=forms.CheckboxSelectMultiple,
                help_text="Comptés dans leur mission « lien école-entreprise » du Pacte.",
            )


class MentoringPairAdminForm(ScopedAdminForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "teacher" in self.fields and for_user is not None:
            self.fields["teacher"] = PersonChoiceField(
                label="enseignant qui suit le binôme",
                queryset=teachers_for(for_user),
                required=False,
            )

    def clean(self):
        cleaned = super().clean()
        school, teacher = cleaned.get("school"), cleaned.get("teacher")
        if school and teacher and not is_teacher_of(teacher, school):
            self.add_error(
                "teacher",
                "L’enseignant qui suit le binôme doit être enseignant de l’établissement.",
            )
        return cleaned


class MonthlyCheckInAdminForm(ScopedAdminForm):
    def clean(self):
        cleaned = super().clean()
        pair, month = cleaned.get("pair"), cleaned.get("month")
        if pair and month:
            try:
                services.checkin_check_month(pair=pair, month=month)
            except services.FormationError as error:
                self.add_error("month", error.message)
        return cleaned


class OfferAnswerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        offer = obj.submission
        return f"{offer.company.name} — {offer.contact} ({obj.school.name})"


class PairsFromOfferForm(forms.Form):
    """Pairs from a mentoring offer the school accepted; students: first name and class only."""

    answer = OfferAnswerChoiceField(label="offre de mentorat acceptée", queryset=None)
    students = forms.CharField(
        label="élèves",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Un élève par ligne : prénom, classe (par exemple « Inès, 1re MELEC »). "
        "Rien d’autre : les élèves sont souvent mineurs.",
    )
    start_date = forms.DateField(label="début du mentorat")
    teacher = PersonChoiceField(label="enseignant qui suit", queryset=None, required=False)

    def __init__(self, *args, user=None, **kwargs):

        super().__init__(*args, **kwargs)
        self.fields["answer"].queryset = (
            SubmissionSchool.objects.for_user(user)
            .filter(status=SubmissionStatus.ACCEPTED, submission__kind=SubmissionKind.MENTORING)
            .select_related("submission__company", "submission__contact", "school")
            .order_by("submission__company__name", "pk")
        )
        self.fields["teacher"].queryset = teachers_for(user)

    def clean_students(self):
        students = []
        for number, line in enumerate(self.cleaned_data["students"].splitlines(), start=1):
            if not line.strip():
                continue
            first_name, _, class_name = line.partition(",")
            if not first_name.strip() or not class_name.strip():
                raise forms.ValidationError(
                    f"Ligne {number} : écrivez le prénom, une virgule, puis la classe."
                )
            students.append((first_name.strip()[:60], class_name.strip()[:40]))
        if not students:
            raise forms.ValidationError("Indiquez au moins un élève.")
        return students


class TeacherImmersionForm(forms.Form):
    """Note a teacher's training in a company (the service checks who, when and what)."""

    teacher = forms.ModelChoiceField(label="Enseignant", queryset=None)
    occurred_on = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )
    format = forms.ChoiceField(label="Format", choices=ImmersionFormat.choices)
    offer = forms.ModelChoiceField(
        label="Offre d’une entreprise", queryset=None, required=False, empty_label="(aucune)"
    )
    note = forms.CharField(label="Précisions", max_length=300, required=False)

    def __init__(self, *args, teachers, offers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers
        self.fields["teacher"].label_from_instance = lambda u: u.get_full_name() or u.username
        self.fields["offer"].queryset = offers
        self.fields["offer"].label_from_instance = lambda s: (
            f"{s.company.name} — {(s.details or {}).get('topic', '')}"
        )
