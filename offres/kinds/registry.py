"""The kinds of offers, and how their details are validated and shown."""

import datetime
from dataclasses import dataclass

from django import forms

from ..models import SubmissionKind
from .details_forms import (
    AssociateTeacherDetailsForm,
    CmqDetailsForm,
    DiscoveryDetailsForm,
    EmployeeTrainersDetailsForm,
    MentoringDetailsForm,
    PlacementDetailsForm,
    RecruitmentDetailsForm,
    SpecialisationDetailsForm,
    TeacherTrainingDetailsForm,
)
from .fields import DetailsForm


@dataclass(frozen=True)
class KindSpec:
    kind: str
    slug: str
    title: str
    form_class: type[DetailsForm]
    summary_field: str
    # What was sent, in plain words, as the thanks page names it (« Nous avons transmis … »).
    proposal: str


KINDS = {
    spec.kind: spec
    for spec in [
        KindSpec(
            SubmissionKind.SPECIALISATION,
            "ouverture-formation",
            "Demander l’ouverture d’une formation de spécialisation",
            SpecialisationDetailsForm,
            "trade",
            "votre demande d’ouverture d’une formation de spécialisation",
        ),
        KindSpec(
            SubmissionKind.RECRUITMENT,
            "difficultes-recrutement",
            "Signaler des difficultés de recrutement",
            RecruitmentDetailsForm,
            "jobs",
            "votre signalement de difficultés de recrutement",
        ),
        KindSpec(
            SubmissionKind.DISCOVERY,
            "decouverte-metiers",
            "Faire découvrir vos métiers aux collégiens",
            DiscoveryDetailsForm,
            "trades",
            "votre proposition de faire découvrir vos métiers aux collégiens",
        ),
        KindSpec(
            SubmissionKind.PLACEMENT,
            "stages-apprentissage",
            "Accueillir des stagiaires ou des apprentis",
            PlacementDetailsForm,
            "diploma",
            "votre proposition de places de stage ou d’apprentissage",
        ),
        KindSpec(
            SubmissionKind.MENTORING,
            "mentorat",
            "Proposer du mentorat",
            MentoringDetailsForm,
            "structure",
            "votre proposition de mentorat",
        ),
        KindSpec(
            SubmissionKind.CMQ,
            "campus-metiers",
            "S’impliquer dans un Campus des métiers et des qualifications",
            CmqDetailsForm,
            "campus",
            "votre proposition de participer à un Campus des métiers et des qualifications",
        ),
        KindSpec(
            SubmissionKind.ASSOCIATE_TEACHER,
            "professeur-associe",
            "Proposer un salarié comme professeur associé",
            AssociateTeacherDetailsForm,
            "discipline",
            "votre proposition d’un salarié comme professeur associé",
        ),
        KindSpec(
            SubmissionKind.TEACHER_TRAINING,
            "formation-professeurs",
            "Accueillir des professeurs en formation",
            TeacherTrainingDetailsForm,
            "topic",
            "votre proposition d’accueillir des professeurs en formation",
        ),
        KindSpec(
            SubmissionKind.EMPLOYEE_TRAINERS,
            "salaries-formateurs",
            "Faire participer vos salariés à la formation des élèves",
            EmployeeTrainersDetailsForm,
            "trade",
            "votre proposition de faire participer vos salariés à la formation des élèves",
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
