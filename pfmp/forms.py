"""The forms of the placement board, and the tutor's appraisal (a public DSFR form)."""

from django import forms
from django.core.validators import MaxValueValidator
from dsfr.forms import DsfrBaseForm
from wagtail.admin.forms import WagtailAdminModelForm

from entreprises.models import Contact
from etablissements.admin_views import PersonChoiceField
from etablissements.models import Diploma
from etablissements.querysets import school_ids_subquery, teachers_for

from .choices import TRANSITIONS, Attendance, HostAgain, PlacementStatus, Progress


class SchoolClassForm(WagtailAdminModelForm):
    """The diploma chosen among those the user's schools prepare (not the whole BCN)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "diploma" in self.fields:
            self.fields["diploma"].queryset = Diploma.objects.filter(
                school_diplomas__school__in=school_ids_subquery(for_user)
            ).distinct()


class AssignForm(forms.Form):
    """The tutor (a person of the company who gave consent), the referent teacher, the dates."""

    tutor = forms.ModelChoiceField(
        label="Tuteur",
        queryset=Contact.objects.none(),
        required=False,
        empty_label="l’entreprise le nommera",
        help_text="Une personne de l’entreprise qui a accepté que le lycée garde ses coordonnées.",
    )
    referent_teacher = PersonChoiceField(label="Professeur référent", queryset=None, required=False)
    start = forms.DateField(
        label="Début, s’il diffère de la période",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    end = forms.DateField(
        label="Fin, si elle diffère de la période",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, company, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = Contact.objects.filter(
            company=company, anonymised_at__isnull=True
        ).order_by("last_name", "first_name")
        self.fields["referent_teacher"].queryset = teachers_for(user)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="Nouveau statut", choices=())
    reason = forms.CharField(label="Motif (abandon)", required=False, max_length=300)
    days_done = forms.IntegerField(label="Jours effectués (terminée)", required=False, min_value=0)

    def __init__(self, *args, placement, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = TRANSITIONS[PlacementStatus(placement.status)]
        self.fields["status"].choices = [
            (value, label) for value, label in PlacementStatus.choices if value in allowed
        ]


class PupilImportForm(forms.Form):
    file = forms.FileField(
        label="Liste de classe (CSV ou Excel)",
        help_text="Export de SIECLE ou de Pronote : colonnes Nom, Prénom et Division (ou "
        "Classe). CSV en UTF-8 ou Windows-1252, ou XLSX.",
    )
    school_year = forms.ChoiceField(label="Année scolaire", choices=())

    def __init__(self, *args, years: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = [(y, y) for y in years]


def _radios(label: str, choices) -> forms.ChoiceField:
    return forms.ChoiceField(
        label=label,
        choices=choices.choices,
        widget=forms.RadioSelect,
        template_name="dsfr_fields/radioselect.html",
    )


class AppraisalForm(DsfrBaseForm):
    days_done = forms.IntegerField(
        label="Jours effectués par l’élève dans l’entreprise", min_value=0
    )
    attendance = _radios("Son assiduité et sa ponctualité", Attendance)
    progress = _radios("Dans l’ensemble, comment l’élève s’en est-il sorti ?", Progress)
    host_again = _radios("Accueilleriez-vous à nouveau un élève du lycée ?", HostAgain)
    comment = forms.CharField(
        label="Ce que le lycée devrait changer, un commentaire",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, most_days: int, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["days_done"]
        field.max_value = most_days
        field.validators.append(MaxValueValidator(most_days))
        field.widget.attrs["max"] = most_days
        field.help_text = f"Entre 0 et {most_days} (jours ouvrés de la période)."
