"""Forms of the Pacte screens: input only; the rules live in pacte.services."""

from decimal import Decimal

from django import forms

from etablissements.selectors import teachers_of

from .activity import METRICS
from .models import ActivityKind, Mission, PartKind, SchoolYear, TeacherStatus
from .numbers import number_fr
from .services import PartSpec


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
        label="Votre bilan de la mission",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="Ce qui a été fait et ce que les chiffres ne disent pas : réussites, "
        "difficultés, suites proposées.",
    )


class InterimReportForm(forms.Form):
    text = forms.CharField(
        label="Où en est la mission",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Écrivez où en est la mission."},
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
        self.fields["to_mission"].queryset = (
            Mission.objects.active()
            .for_year(engagement.school_year)
            .exclude(part_kind=PartKind.FORFAIT)
        )
        self.fields["to_mission"].label_from_instance = lambda m: f"{m.action} ({m.quantum})"


class NewEngagementForm(forms.Form):
    teacher = forms.ModelChoiceField(label="Enseignant", queryset=None)
    status = forms.ChoiceField(
        label="Statut",
        choices=TeacherStatus.choices,
        help_text="Sert uniquement à vérifier l’éligibilité au Pacte en lycée professionnel.",
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = teachers_of(school)
        self.fields["teacher"].label_from_instance = lambda u: u.get_full_name() or u.username


# The targets the direction may write for the lien école-entreprise mission.
TARGET_KEYS = ["formations_animees", "tuteurs_formes", "partenariats_suivis", "interactions"]


class CompositionForm(forms.Form):
    """One row per mission of the catalogue: parts, place, periodicity, expected results."""

    def __init__(self, *args, missions, engagement, fractions=None, **kwargs):

        current = {p.mission_id: p for p in engagement.parts.all()}
        fractions = fractions or {}
        fraction_help = {
            mission_id: "Parts entières ou "
            + " ou ".join(
                f"{number_fr(f)} part" + (f" ({h} h)" if h else "") for f, h in sorted(rows.items())
            )
            + f" en {engagement.school_year.label}."
            for mission_id, rows in fractions.items()
        }
        fraction_hours = {
            mission_id: rows.get(Decimal("0.5")) or "" for mission_id, rows in fractions.items()
        }
        super().__init__(*args, **kwargs)
        self.missions = missions
        self.rows = []
        for m in missions:
            part = current.get(m.pk)
            prefix = f"m{m.pk}_"
            self.fields[prefix + "parts"] = forms.DecimalField(
                label=f"Parts — {m.action}",
                min_value=0,
                max_value=6,
                decimal_places=1,
                initial=part.parts.normalize() if part else 0,
                help_text=fraction_help.get(m.pk, "Parts entières."),
                localize=True,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "decimal",
                        "data-pacte-parts": "",
                        "data-kind": m.part_kind,
                        "data-hours": m.hours or "",
                        "data-half-hours": fraction_hours.get(m.pk, ""),
                    }
                ),
            )
            self.fields[prefix + "place"] = forms.CharField(
                label="Lieu", required=False, max_length=200, initial=part.place if part else ""
            )
            self.fields[prefix + "periodicity"] = forms.CharField(
                label="Durée ou périodicité",
                required=False,
                max_length=200,
                initial=part.periodicity if part else "",
            )
            self.fields[prefix + "expected_results"] = forms.CharField(
                label="Résultats attendus",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=part.expected_results if part else "",
            )
            names = ["parts", "place", "periodicity", "expected_results"]
            if m.counts_portal_activity:
                for key in TARGET_KEYS:
                    self.fields[prefix + key] = forms.IntegerField(
                        label=f"Objectif : {METRICS[key]}",
                        required=False,
                        min_value=0,
                        initial=(part.targets or {}).get(key) if part else None,
                    )
                    names.append(key)
            self.rows.append((m, [self[prefix + n] for n in names]))

    def specs(self):

        specs = []
        for m in self.missions:
            prefix = f"m{m.pk}_"
            parts = self.cleaned_data.get(prefix + "parts") or 0
            if not parts:
                continue
            targets = {
                key: self.cleaned_data[prefix + key]
                for key in TARGET_KEYS
                if self.cleaned_data.get(prefix + key)
            }
            specs.append(
                PartSpec(
                    mission=m,
                    parts=parts,
                    place=self.cleaned_data[prefix + "place"],
                    periodicity=self.cleaned_data[prefix + "periodicity"],
                    expected_results=self.cleaned_data[prefix + "expected_results"],
                    targets=targets,
                )
            )
        return specs


class CatalogueCopyForm(forms.Form):
    source = forms.ModelChoiceField(
        label="Catalogue de l’année", queryset=SchoolYear.objects.all(), empty_label=None
    )
    target = forms.ModelChoiceField(
        label="Copié vers l’année",
        queryset=SchoolYear.objects.all(),
        empty_label=None,
        help_text="Les missions déjà au catalogue de cette année (même code) restent telles "
        "quelles ; les autres sont copiées avec leurs fractions de part, puis se modifient "
        "dans « Catalogue des missions ».",
    )
