"""The company guide's duties (seed 004): employees who help train pupils, the specialisation
types and the CPC route, a discovery action addressed to a collège's contact too."""

import pytest

from offres.kinds import KINDS, details_display, details_errors
from offres.models import SubmissionKind
from tests.offres.factories import good_details
from tests.offres.test_services import create

pytestmark = pytest.mark.django_db


def test_employees_who_help_train_pupils_are_an_offer_kind_of_their_own(
    mailoutbox, django_capture_on_commit_callbacks
):
    kind = SubmissionKind.EMPLOYEE_TRAINERS
    assert KINDS[kind].slug == "salaries-formateurs"
    errors = details_errors(kind, good_details(kind, hours_per_week=12))
    assert errors == {
        "Heures par semaine, par salarié": "Quelques heures par semaine : 10 au plus."
    }
    with django_capture_on_commit_callbacks(execute=True):
        submission = create(kind=kind)
    # Moderated like the others: submitted, waiting for a school's answer.
    assert submission.status == "soumise" and submission.get_kind_display() == (
        "salariés qui participent à la formation des élèves"
    )
    assert ("Salariés qui interviendraient", "2") in details_display(kind, submission.details)


def test_specialisation_types_and_the_national_cpc_route():
    kind = SubmissionKind.SPECIALISATION
    for course_type in ("csa", "diplome_etat"):
        assert details_errors(kind, good_details(kind, course_type=course_type)) == {}
    details = good_details(kind, course_type="csa", route="cpc")
    assert details_errors(kind, details) == {}
    shown = dict(details_display(kind, details))
    assert shown["Type de formation"] == "certificat de spécialisation agricole"
    assert "commission professionnelle consultative (CPC)" in shown["Votre demande"]
    assert details_errors(kind, good_details(kind, route="ailleurs"))


def test_a_discovery_action_is_addressed_to_a_colleges_contact_too(
    mailoutbox, django_capture_on_commit_callbacks
):
    kind = SubmissionKind.DISCOVERY
    details = good_details(kind, college_email="ce.0310001a@ac-toulouse.fr")
    assert details_errors(kind, details) == {
        "Collège à qui l’adresser aussi": ("Indiquez le nom du collège.")
    }
    details["college_name"] = "Collège Jean-Jaurès"
    with django_capture_on_commit_callbacks(execute=True):
        create(kind=kind, details=details)
    by_address = {m.to[0]: m for m in mailoutbox}
    assert set(by_address) == {"paul.martin@elec-sud.example", "ce.0310001a@ac-toulouse.fr"}
    college = by_address["ce.0310001a@ac-toulouse.fr"]
    assert "Collège Jean-Jaurès" in college.subject
    assert "Métiers du bâtiment" in college.body and "paul.martin@elec-sud.example" in college.body
    # Without a collège, only the company's acknowledgement leaves.
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        create(kind=kind, email="autre@elec-sud.example")
    assert [m.to for m in mailoutbox] == [["autre@elec-sud.example"]]
