"""Staff forms of partnerships (thin: rules live in the models and services)."""

from django import forms
from django.urls import reverse

from entreprises.models import Company
from etablissements.admin_views import PersonChoiceField, ScopedAdminForm
from etablissements.querysets import teachers_for
from etablissements.selectors import is_teacher_of

from .models import Partnership
from .services import partnership_transition_error


class _CheckedFile:
    """The current convention as the file widget shows it: its checked download link."""

    def __init__(self, url: str):
        self.url = url

    def __str__(self):
        return "convention enregistrée"


class ConventionFileInput(forms.ClearableFileInput):
    """The "currently" link of the edit form goes through the checked download view."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        instance = getattr(value, "instance", None)
        if context["widget"]["is_initial"] and getattr(instance, "pk", None):
            url = reverse("partenariats_admin:convention_file", args=[instance.pk])
            context["widget"]["value"] = _CheckedFile(url)
        return context


class PartnershipForm(ScopedAdminForm):
    """School and teacher limited to the user's schools; the lifecycle checked before saving."""

    status_comment = forms.CharField(
        label="commentaire du changement de statut",
        required=False,
        max_length=300,
        help_text="Gardé dans l’historique des statuts, si le statut change.",
    )

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "company" in self.fields:
            # Any company of the portal can become a partner (chosen with the company chooser).
            self.fields["company"].queryset = Company.objects.active()
        if "teacher" in self.fields and for_user is not None:
            field = self.fields["teacher"]
            self.fields["teacher"] = PersonChoiceField(
                queryset=teachers_for(for_user),
                required=False,
                label=field.label,
                help_text="Un enseignant du Pacte de l’établissement.",
                widget=field.widget,
            )
        school_field = self.fields.get("school")
        if school_field is not None and not self.instance.pk:
            schools = list(school_field.queryset[:2])
            if len(schools) == 1:
                self.initial.setdefault("school", schools[0].pk)

    def clean(self):
        cleaned = super().clean()
        school = cleaned.get("school") or self.instance.school_id and self.instance.school
        teacher = cleaned.get("teacher")
        if teacher and school and not is_teacher_of(teacher, school):
            self.add_error(
                "teacher", "Cette personne n’est pas enseignante dans cet établissement."
            )
        status = cleaned.get("status")
        if self.instance.pk and status:
            original = Partnership.objects.values_list("status", flat=True).get(pk=self.instance.pk)
            if error := partnership_transition_error(current=original, target=status):
                self.add_error("status", error)
        return cleaned
