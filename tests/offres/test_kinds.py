"""Each kind's rules: every rule broken once, the values at the limits accepted."""

import pytest

from offres.kinds import details_display, details_errors, details_form
from offres.models import SubmissionKind as K
from tests.offres.factories import GOOD_DETAILS, good_details


def errors_of(kind, **overrides):
    form = details_form(kind, good_details(kind, **overrides))
    form.is_valid()
    return {name: [str(e) for e in errs] for name, errs in form.errors.items()}


@pytest.mark.parametrize("kind", list(K))
def test_the_good_details_of_each_kind_pass(kind):
    assert details_errors(kind, GOOD_DETAILS[kind]) == {}


@pytest.mark.parametrize(
    "kind, overrides, field, message",
    [
        (K.SPECIALISATION, {"hires": 0}, "hires", "Indiquez au moins un recrutement envisagé."),
        (K.SPECIALISATION, {"course_type": "autre"}, "course_other", "Précisez le type"),
        (K.SPECIALISATION, {"course_type": "bts"}, "course_type", "Sélectionnez un choix valide"),
        (K.SPECIALISATION, {"needs": ""}, "needs", "Champ requis."),
        (K.SPECIALISATION, {"target_jobs": ""}, "target_jobs", "Champ requis"),
        (K.SPECIALISATION, {"learner_status": ""}, "learner_status", "Champ requis"),
        (K.SPECIALISATION, {"needs": "x" * 2001}, "needs", "2000"),
        (K.RECRUITMENT, {"positions_per_year": 0}, "positions_per_year", "au moins un poste"),
        (K.RECRUITMENT, {"difficulty": ""}, "difficulty", "Champ requis"),
        (K.DISCOVERY, {"actions": []}, "actions", "Cochez au moins une case."),
        (K.DISCOVERY, {"actions": ["conference"]}, "actions", "choix valide"),
        (K.DISCOVERY, {"group_size": 0}, "group_size", "au moins un collégien"),
        (K.PLACEMENT, {"places": 0}, "places", "Proposez au moins une place."),
        (
            K.PLACEMENT,
            {"period1_start": "2027-02-06", "period1_end": "2027-02-05"},
            "period1_end",
            "La fin de la période précède son début.",
        ),
        (K.PLACEMENT, {"period2_start": "2027-03-01"}, "period2_end", "le début et la fin"),
        (
            K.PLACEMENT,
            {"period2_start": "2027-03-10", "period2_end": "2027-03-01"},
            "period2_end",
            "précède son début",
        ),
        (K.PLACEMENT, {"diploma": ""}, "diploma", "Champ requis"),
        (
            K.MENTORING,
            {"hours_per_month": "1.5"},
            "hours_per_month",
            "Le mentorat demande au moins 2 heures par mois.",
        ),
        (
            K.MENTORING,
            {"duration_months": 5},
            "duration_months",
            "Le mentorat dure au moins 6 mois.",
        ),
        (K.MENTORING, {"structure": ""}, "structure", "Champ requis"),
        (K.MENTORING, {"fields_of_action": []}, "fields_of_action", "Cochez au moins une case."),
        (K.MENTORING, {"mode": "hybride"}, "mode", "choix valide"),
        (K.MENTORING, {"ptech": ["stage"]}, "ptech", "choix valide"),
        (K.CMQ, {"involvement": []}, "involvement", "Cochez au moins une case."),
        (K.CMQ, {"campus": ""}, "campus", "Champ requis"),
        (
            K.ASSOCIATE_TEACHER,
            {"experience_years": 4},
            "experience_years",
            "au moins 5 ans d’expérience",
        ),
        (
            K.ASSOCIATE_TEACHER,
            {"hours_per_year": 163},
            "hours_per_year",
            "162 heures par an au plus",
        ),
        (K.ASSOCIATE_TEACHER, {"hours_per_year": 0}, "hours_per_year", "au moins une heure"),
        (K.TEACHER_TRAINING, {"formats": []}, "formats", "Cochez au moins une case."),
        (K.TEACHER_TRAINING, {"seats": 0}, "seats", "au moins un professeur"),
        (K.TEACHER_TRAINING, {"topic": ""}, "topic", "Champ requis"),
    ],
)
def test_each_rule_broken_once_gives_a_french_message_on_its_field(kind, overrides, field, message):
    errors = errors_of(kind, **overrides)
    assert list(errors) == [field]
    assert any(message in text for text in errors[field]), errors


@pytest.mark.parametrize(
    "kind, overrides",
    [
        (K.MENTORING, {"hours_per_month": "2", "duration_months": 6}),
        (K.MENTORING, {"hours_per_month": "2.5", "duration_months": 24, "ptech": ["carriere"]}),
        (K.ASSOCIATE_TEACHER, {"experience_years": 5, "hours_per_year": 162}),
        (K.ASSOCIATE_TEACHER, {"experience_years": 30, "hours_per_year": 1}),
        (K.SPECIALISATION, {"hires": 1}),
        (K.SPECIALISATION, {"course_type": "autre", "course_other": "BPJEPS"}),
        (K.PLACEMENT, {"places": 1, "period1_start": "2027-01-11", "period1_end": "2027-01-11"}),
        (K.PLACEMENT, {"period2_start": "2027-05-03", "period2_end": "2027-05-28"}),
    ],
)
def test_values_at_the_limits_are_accepted(kind, overrides):
    assert errors_of(kind, **overrides) == {}


def test_details_read_back_in_french():
    rows = dict(details_display(K.MENTORING, good_details(K.MENTORING, ptech=["projet"])))
    assert rows["Modalités"] == "mixte"
    assert rows["Champs d’action"] == "aide à l’orientation, confiance en soi"
    assert rows["Programme P-TECH"] == "mentorat de projet"
    placement = dict(details_display(K.PLACEMENT, GOOD_DETAILS[K.PLACEMENT]))
    assert placement["Début de la période"] == "11/01/2027"
    assert placement["Je veux participer au prochain stage dating du lycée"] == "oui"
