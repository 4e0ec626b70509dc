"""The staff screens of events, invitations and registrations write through their services
(issue 13): the service's rule or side effect is seen from the admin screen."""

import datetime

import pytest
from django.utils import timezone
from wagtail.admin.views import generic

from entreprises.models import Contact
from etablissements.roles import Role
from etablissements.services import membership_grant
from formations import admin_views
from formations.models import Event, Invitation, Registration
from tests.etablissements.factories import staff_user
from tests.formations.factories import EventFactory, InvitationFactory, RegistrationFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - datetime.timedelta(days=900)


def _event_data(school, **changes):
    starts = timezone.localtime() + datetime.timedelta(days=30)
    return {
        "school": school.pk,
        "kind": "job_dating",
        "title": "Stage dating de printemps",
        "starts_at": starts.strftime("%Y-%m-%d %H:%M"),
        "place": "Gymnase du lycée",
        "description": "",
    } | changes


def test_an_event_created_in_the_admin_goes_through_event_save(
    client, school, other_school, teacher
):
    rbde = staff_user(school, role=Role.RBDE)
    membership_grant(user=rbde, school=other_school, role=Role.RBDE)
    elsewhere = staff_user(other_school, role=Role.TEACHER, last_name="Ailleurs")
    client.force_login(rbde)

    response = client.post(
        "/admin/formations/evenements/new/", _event_data(school, organisers=[teacher.pk])
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert list(event.organisers.all()) == [teacher]

    # A teacher of the RBDE's other school is offered, but the service refuses them here.
    page = client.post(
        "/admin/formations/evenements/new/",
        _event_data(school, title="Un autre", organisers=[elsewhere.pk]),
    ).content.decode()
    assert "N’organisent un événement que des enseignants de l’établissement" in page
    assert Event.objects.count() == 1


def test_an_event_edited_in_the_admin_keeps_its_organisers_rule(client, school, teacher):
    rbde = staff_user(school, role=Role.RBDE)
    event = EventFactory(school=school)
    client.force_login(rbde)
    url = f"/admin/formations/evenements/edit/{event.pk}/"
    client.post(url, _event_data(school, title="Renommé", organisers=[teacher.pk]))
    event.refresh_from_db()
    assert event.title == "Renommé"
    assert list(event.organisers.all()) == [teacher]


def _read_then(view_class, monkeypatch, change):
    """The screen reads the row, then someone else changes it before the screen saves."""

    def get_object(self, *args, **kwargs):
        obj = generic.EditView.get_object(self, *args, **kwargs)
        if self.request.method == "POST":
            change(obj)
        return obj

    monkeypatch.setattr(view_class, "get_object", get_object)


def test_attendance_entered_in_the_admin_goes_through_its_service(
    client, school, teacher, monkeypatch
):
    invitation = InvitationFactory(event=EventFactory(school=school))
    invitation.contact.schools.add(school)
    Contact.objects.filter(pk=invitation.contact_id).update(last_activity_at=LONG_AGO)
    # The partner answers while the teacher's screen is open: their answer stays.
    _read_then(
        admin_views.InvitationEditView,
        monkeypatch,
        lambda obj: Invitation.objects.filter(pk=obj.pk).update(rsvp="oui"),
    )
    client.force_login(teacher)
    response = client.post(
        f"/admin/formations/invitations/edit/{invitation.pk}/", {"attended": "true"}
    )
    assert response.status_code == 302
    invitation.refresh_from_db()
    assert (invitation.attended, invitation.rsvp) == (True, "oui")
    invitation.contact.refresh_from_db()
    assert invitation.contact.last_activity_at > timezone.now() - datetime.timedelta(minutes=1)


def test_a_diploma_corrected_in_the_admin_goes_through_its_service(
    rbde_client, school, monkeypatch
):
    registration = RegistrationFactory(
        training__school=school, status="liste_attente", waiting_position=1
    )
    # A place is given out while the RBDE's screen is open: the promotion stays.
    _read_then(
        admin_views.RegistrationEditView,
        monkeypatch,
        lambda obj: Registration.objects.filter(pk=obj.pk).update(
            status="inscrit", waiting_position=None
        ),
    )
    response = rbde_client.post(
        f"/admin/formations/inscriptions/edit/{registration.pk}/",
        {"student_diploma": "  CAP cuisine  "},
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert registration.student_diploma == "CAP cuisine"
    assert (registration.status, registration.waiting_position) == ("inscrit", None)
