"""The forms of the placement board, and the tutor's appraisal (a public DSFR form)."""

from django import forms
from django.core.validators import MaxValueValidator
from dsfr.forms import DsfrBaseForm
from wagtail.admin.forms import WagtailAdminModelForm

from entreprises.import_headers import column_letter
from entreprises.models import Contact
from etablissements.admin_views import PersonChoiceField
from etablissements.models import Diploma
from etablissements.querysets import school_ids_subquery, teachers_for

from .choices import TRANSITIONS, Attendance, HostAgain, PlacementStatus, Progress
from .imports import missing_columns, table_columns_used


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
    referent_teacher = PersonChoiceField(
        label="Professeur référent",
        queryset=None,
        required=False,
        empty_label="à désigner plus tard",
        help_text="L’enseignant qui suit l’élève pendant la période et lui rend visite.",
    )
    start = forms.DateField(
        label="Début, s’il diffère de la période",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label="Fin, si elle diffère de la période",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
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


class ColumnMappingForm(forms.Form):
    """Which column of the file holds each needed field (a select per field, listing the
    file's columns with a few of their values), prefilled by the best guess."""

    FIELDS = {
        "last_name": ("Nom", ""),
        "first_name": ("Prénom", ""),
        "class_name": ("Classe (division)", ""),
        "full_name": (
            "Ou une seule colonne « NOM Prénom »",
            "Si le fichier n’a pas de colonnes séparées pour le nom et le prénom "
            "(le nom en capitales).",
        ),
    }

    def __init__(self, *args, table: dict, guess: list[str | None], **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        choices = [("", "aucune colonne")]
        for index, (header, used) in enumerate(
            zip(table["headers"], table_columns_used(table), strict=True)
        ):
            if used:
                samples = list(dict.fromkeys(v for v in _column(table, index) if v))[:3]
                title = f"Colonne {column_letter(index)} : « {header.strip() or 'sans titre'} »"
                if samples:
                    title += " — ex. " + ", ".join(s[:30] for s in samples)
                choices.append((str(index), title))
        for key, (label, help_text) in self.FIELDS.items():
            initial = str(guess.index(key)) if key in guess else ""
            self.fields[key] = forms.ChoiceField(
                label=label, choices=choices, required=False, initial=initial, help_text=help_text
            )

    def mapping(self) -> list[str | None]:
        mapping: list[str | None] = [None] * len(self.table["headers"])
        for key in self.FIELDS:
            if self.cleaned_data.get(key):
                mapping[int(self.cleaned_data[key])] = key
        return mapping

    def clean(self):
        cleaned = super().clean()
        chosen: dict[str, str] = {}
        for key, (label, _) in self.FIELDS.items():
            column = cleaned.get(key)
            if column and column in chosen:
                self.add_error(key, f"Cette colonne est déjà choisie pour « {chosen[column]} ».")
            elif column:
                chosen[column] = label
        if not self.errors and (missing := missing_columns(self.mapping())):
            raise forms.ValidationError("Choisissez la colonne de : " + ", ".join(missing) + ".")
        return cleaned


def _column(table: dict, index: int) -> list[str]:
    return [str(row[index]).strip() for row in table["values"] if index < len(row)]


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
