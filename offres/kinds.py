"""The eight ways a company works with a lycée professionnel: each kind's own fields and rules.

Each kind has a details form: its fields, their limits and the rules that tie them together,
with a French message on the field that breaks one. The same form validates the JSON
`Submission.details` wherever it is written (public form, espace entreprise, services).
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from dsfr.forms import DsfrBaseForm

from .mentoring import MENTORING_MIN_HOURS_PER_MONTH, MENTORING_MIN_MONTHS
from .models import SubmissionKind

TEXT_MAX = 2000
LINE_MAX = 200

ASSOCIATE_MIN_YEARS = 5
ASSOCIATE_MAX_HOURS_PER_YEAR = 162


def _text(label, help_text="", required=True, max_length=TEXT_MAX):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=max_length,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _line(label, help_text="", required=True):
    return forms.CharField(label=label, help_text=help_text, required=required, max_length=LINE_MAX)


def _count(label, minimum, message, help_text="", maximum=10_000):
    return forms.IntegerField(
        label=label,
        help_text=help_text,
        min_value=None,
        validators=[
            MinValueValidator(minimum, message=message),
            MaxValueValidator(maximum, message=f"Indiquez au plus {maximum}."),
        ],
    )


def _date(label, required=True, help_text="Au format jj/mm/aaaa."):
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
    )


def _multi(label, choices, help_text=""):
    return forms.MultipleChoiceField(
        label=label,
        help_text=help_text,
        choices=choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Cochez au moins une case."},
    )


def _choice(label, choices, help_text=""):
    return forms.ChoiceField(
        label=label, help_text=help_text, choices=choices, widget=forms.RadioSelect
    )


# django-dsfr's own snippets for these widgets load widget_tweaks, absent from INSTALLED_APPS.
FIELD_TEMPLATES = {
    forms.CheckboxSelectMultiple: "dsfr_fields/checkboxselectmultiple.html",
    forms.RadioSelect: "dsfr_fields/radioselect.html",
    forms.CheckboxInput: "dsfr_fields/checkbox.html",
}


class DsfrForm(DsfrBaseForm):
    """A DSFR form whose checkboxes and radios render without widget_tweaks."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            for widget_class, template in FIELD_TEMPLATES.items():
                if type(field.widget) is widget_class:
                    field.template_name = template


class DetailsForm(DsfrForm):
    """Base of the per-kind forms. `to_details()` gives what is stored as JSON."""

    def to_details(self) -> dict:
        out = {}
        for name in self.declared_fields:
            value = self.cleaned_data.get(name)
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, Decimal):
                value = str(value.normalize()) if value == value.to_integral() else str(value)
            out[name] = value
        return out


COURSE_TYPES = [
    ("cs_mc", "certificat de spécialisation / mention complémentaire"),
    ("fcil", "formation complémentaire d’initiative locale (FCIL)"),
    ("coloration", "coloration d’un diplôme professionnel"),
    ("titre_pro", "titre professionnel"),
    ("cqp", "certificat de qualification professionnelle (CQP)"),
    ("cap", "CAP"),
    ("autre", "autre"),
]
LEARNER_STATUS = [
    ("scolaire", "sous statut scolaire (avec des stages)"),
    ("apprenti", "sous statut d’apprenti"),
    ("les_deux", "l’un ou l’autre"),
]


class SpecialisationDetailsForm(DetailsForm):
    course_type = _choice("Type de formation", COURSE_TYPES)
    course_other = _line(
        "Précisez le type de formation", "Seulement si vous avez choisi « autre ».", False
    )
    trade = _line("Métier ou domaine visé", "Par exemple : maintenance des éoliennes.")
    needs = _text(
        "Vos besoins",
        "Les compétences qui vous manquent, pourquoi vous peinez à recruter au niveau bac.",
    )
    target_jobs = _text("Emplois visés", "Les postes que les jeunes formés occuperaient.")
    hires = _count(
        "Nombre de recrutements envisagés",
        1,
        "Indiquez au moins un recrutement envisagé.",
        "Sur l’année qui suit la formation.",
    )
    learner_status = _choice("Statut des jeunes en formation", LEARNER_STATUS)
    other_companies = _text(
        "Autres entreprises associées à la demande",
        "Facultatif : les entreprises avec qui vous vous coordonnez.",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("course_type") == "autre" and not data.get("course_other"):
            self.add_error("course_other", "Précisez le type de formation recherché.")
        return data


LEVELS = [
    ("cap", "CAP"),
    ("bac_pro", "bac professionnel"),
    ("bts", "BTS"),
    ("autre", "autre ou sans diplôme précis"),
]


class RecruitmentDetailsForm(DetailsForm):
    jobs = _line("Métiers difficiles à pourvoir")
    level = _choice("Niveau recherché", LEVELS)
    positions_per_year = _count(
        "Postes à pourvoir par an", 1, "Indiquez au moins un poste à pourvoir."
    )
    difficulty = _text("Vos difficultés", "Manque de candidats, compétences absentes…")
    suggestion = _text(
        "Formation que vous aimeriez voir évoluer ou ouvrir", required=False, help_text=""
    )


DISCOVERY_ACTIONS = [
    ("visite", "visite de l’entreprise"),
    ("immersion", "immersion ou stage d’observation"),
    ("intervention", "intervention en classe"),
    ("forum", "forum des métiers, salon"),
]


class DiscoveryDetailsForm(DetailsForm):
    actions = _multi("Actions proposées", DISCOVERY_ACTIONS)
    trades = _line("Métiers présentés")
    group_size = _count(
        "Collégiens accueillis au plus par séance", 1, "Indiquez au moins un collégien."
    )
    availability = _line("Périodes possibles", "Par exemple : mardis après-midi.", False)


PLACEMENT_KINDS = [
    ("pfmp", "stage (PFMP)"),
    ("apprentissage", "contrat d’apprentissage"),
    ("les_deux", "stage ou apprentissage"),
]


class PlacementDetailsForm(DetailsForm):
    placement = _choice("Vous proposez", PLACEMENT_KINDS)
    diploma = _line("Diplôme ou métier", "Par exemple : bac pro MELEC, CAP cuisine.")
    places = _count("Nombre de places", 1, "Proposez au moins une place.", maximum=500)
    period1_start = _date("Début de la période")
    period1_end = _date("Fin de la période")
    period2_start = _date("Début d’une deuxième période", required=False)
    period2_end = _date("Fin de la deuxième période", required=False)
    stage_dating = forms.BooleanField(
        label="Je veux participer au prochain stage dating du lycée", required=False
    )

    def clean(self):
        data = super().clean()
        for n in (1, 2):
            start, end = data.get(f"period{n}_start"), data.get(f"period{n}_end")
            if (start is None) != (end is None) and n == 2:
                missing = f"period{n}_end" if end is None else f"period{n}_start"
                if missing not in self.errors:
                    self.add_error(missing, "Donnez le début et la fin de la période.")
            if start and end and end < start:
                self.add_error(f"period{n}_end", "La fin de la période précède son début.")
        return data


MENTORING_FIELDS = [
    ("scolarite", "accompagnement à la scolarité"),
    ("orientation", "aide à l’orientation"),
    ("insertion", "insertion professionnelle"),
    ("confiance", "confiance en soi"),
    ("ouverture", "ouverture socio-culturelle"),
    ("competences", "valorisation des compétences"),
    ("talent", "développement du talent et du potentiel"),
]
MENTORING_MODES = [
    ("distanciel", "100 % à distance"),
    ("presentiel", "100 % sur place"),
    ("mixte", "mixte"),
]
PTECH_KINDS = [
    ("projet", "mentorat de projet"),
    ("immersion", "mentorat en immersion"),
    ("carriere", "mentorat de carrière"),
]


class MentoringDetailsForm(DetailsForm):
    mentors = _count("Nombre de mentors", 1, "Proposez au moins un mentor.", maximum=200)
    hours_per_month = forms.DecimalField(
        label="Heures par mois et par mentor",
        help_text=f"Au moins {MENTORING_MIN_HOURS_PER_MONTH} heures par mois.",
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(
                MENTORING_MIN_HOURS_PER_MONTH,
                message="Le mentorat demande au moins 2 heures par mois.",
            ),
            MaxValueValidator(40, message="Indiquez au plus 40 heures par mois."),
        ],
    )
    duration_months = _count(
        "Durée de l’engagement (en mois)",
        MENTORING_MIN_MONTHS,
        "Le mentorat dure au moins 6 mois.",
        f"Au moins {MENTORING_MIN_MONTHS} mois.",
        maximum=60,
    )
    structure = _line(
        "Structure qui encadre les binômes",
        "Le plus souvent une association (par exemple membre du Collectif Mentorat).",
    )
    fields_of_action = _multi("Champs d’action", MENTORING_FIELDS)
    mode = _choice("Modalités", MENTORING_MODES)
    ptech = forms.MultipleChoiceField(
        label="Programme P-TECH",
        help_text="Facultatif : si votre entreprise y participe.",
        choices=PTECH_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


CMQ_INVOLVEMENT = [
    ("besoins", "exprimer nos besoins en compétences"),
    ("ressources", "trouver des ressources pour notre formation interne"),
    ("avis", "donner notre avis sur les parcours de formation"),
    ("mutualiser", "mutualiser des moyens de formation"),
    ("attractivite", "participer au plan d’attractivité des métiers"),
    ("formateurs", "former nos formateurs"),
]


class CmqDetailsForm(DetailsForm):
    campus = _line("Campus ou filière", "Par exemple : Campus aéronautique et spatial.")
    involvement = _multi("Ce que vous souhaitez faire", CMQ_INVOLVEMENT)
    message = _text("Précisions", required=False)


class AssociateTeacherDetailsForm(DetailsForm):
    discipline = _line("Métier ou discipline enseignée en lycée professionnel")
    experience_years = _count(
        "Années d’expérience du salarié dans ce métier",
        ASSOCIATE_MIN_YEARS,
        "Un professeur associé justifie d’au moins 5 ans d’expérience professionnelle.",
        maximum=50,
    )
    hours_per_year = forms.IntegerField(
        label="Heures d’enseignement par an",
        help_text=f"{ASSOCIATE_MAX_HOURS_PER_YEAR} heures par an au plus.",
        validators=[
            MinValueValidator(1, message="Indiquez au moins une heure."),
            MaxValueValidator(
                ASSOCIATE_MAX_HOURS_PER_YEAR,
                message="Un professeur associé enseigne 162 heures par an au plus.",
            ),
        ],
    )
    availability = _line("Disponibilités", "Par exemple : le jeudi.", False)


TRAINING_FORMATS = [
    ("visite", "visite d’entreprise"),
    ("immersion", "stage d’immersion sur site"),
    ("webinaire", "webinaire thématique"),
]


class TeacherTrainingDetailsForm(DetailsForm):
    formats = _multi("Formats proposés", TRAINING_FORMATS)
    topic = _line("Thème", "Les métiers ou les évolutions que les professeurs découvriront.")
    seats = _count("Professeurs accueillis au plus", 1, "Accueillez au moins un professeur.")
    dates = _line("Dates ou périodes envisagées", required=False)


@dataclass(frozen=True)
class KindSpec:
    kind: str
    slug: str
    title: str
    form_class: type[DetailsForm]
    summary_field: str


KINDS = {
    spec.kind: spec
    for spec in [
        KindSpec(
            SubmissionKind.SPECIALISATION,
            "ouverture-formation",
            "Demander l’ouverture d’une formation de spécialisation",
            SpecialisationDetailsForm,
            "trade",
        ),
        KindSpec(
            SubmissionKind.RECRUITMENT,
            "difficultes-recrutement",
            "Signaler des difficultés de recrutement",
            RecruitmentDetailsForm,
            "jobs",
        ),
        KindSpec(
            SubmissionKind.DISCOVERY,
            "decouverte-metiers",
            "Faire découvrir vos métiers aux collégiens",
            DiscoveryDetailsForm,
            "trades",
        ),
        KindSpec(
            SubmissionKind.PLACEMENT,
            "stages-apprentissage",
            "Accueillir des stagiaires ou des apprentis",
            PlacementDetailsForm,
            "diploma",
        ),
        KindSpec(
            SubmissionKind.MENTORING,
            "mentorat",
            "Proposer du mentorat",
            MentoringDetailsForm,
            "structure",
        ),
        KindSpec(
            SubmissionKind.CMQ,
            "campus-metiers",
            "S’impliquer dans un Campus des métiers et des qualifications",
            CmqDetailsForm,
            "campus",
        ),
        KindSpec(
            SubmissionKind.ASSOCIATE_TEACHER,
            "professeur-associe",
            "Proposer un salarié comme professeur associé",
            AssociateTeacherDetailsForm,
            "discipline",
        ),
        KindSpec(
            SubmissionKind.TEACHER_TRAINING,
            "formation-professeurs",
            "Accueillir des professeurs en formation",
            TeacherTrainingDetailsForm,
            "topic",
        ),
    ]
}
KINDS_BY_SLUG = {spec.slug: spec for spec in KINDS.values()}


def _as_form_data(details: dict) -> dict:
    return {k: v for k, v in (details or {}).items() if v is not None}


def details_form(kind: str, details: dict | None = None, **kwargs) -> DetailsForm:
    """The kind's form bound to stored details (to check them again or to edit them)."""
    form_class = KINDS[kind].form_class
    if details is None:
        return form_class(**kwargs)
    data = _as_form_data(details)
    for name, field in form_class.base_fields.items():
        if isinstance(field, forms.BooleanField) and not data.get(name):
            data.pop(name, None)
    return form_class(data=data, **kwargs)


def details_errors(kind: str, details: dict) -> dict[str, str]:
    """{field label: first French message} for stored details that break a rule of the kind."""
    if kind not in KINDS:
        return {"type": "Type de proposition inconnu."}
    form = details_form(kind, details)
    if form.is_valid():
        return {}
    return {
        str(form.fields[name].label) if name in form.fields else name: str(errors[0])
        for name, errors in form.errors.items()
    }


def details_display(kind: str, details: dict) -> list[tuple[str, str]]:
    """(label, readable value) for each filled detail, choices shown with their French label."""
    if kind not in KINDS:
        return []
    fields = KINDS[kind].form_class.base_fields
    rows = []
    for name, field in fields.items():
        value = (details or {}).get(name)
        if value in (None, "", []):
            continue
        choices = dict(getattr(field, "choices", []) or [])
        if isinstance(value, list):
            text = ", ".join(str(choices.get(v, v)) for v in value)
        elif isinstance(field, forms.BooleanField):
            text = "oui" if value else "non"
        elif isinstance(field, forms.DateField):
            text = datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        else:
            text = str(choices.get(value, value))
        rows.append((str(field.label), text))
    return rows


def details_summary(kind: str, details: dict) -> str:
    spec = KINDS.get(kind)
    return str((details or {}).get(spec.summary_field, "")) if spec else ""
