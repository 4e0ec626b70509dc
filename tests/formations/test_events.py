"""Partner events: invitation mail, answer by a signed link, attendance afterwards."""

import pytest
from django.urls import reverse

from formations import links, services
from formations.models import Event
from tests.entreprises.factories import ContactFactory
from tests.formations.factories import EventFactory, InvitationFactory, in_days
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def path_of(url):
    return url.removeprefix("http://127.0.0.1:8000")


def test_the_invitation_mail_carries_the_event_and_an_answer_link(
    school, django_capture_on_commit_callbacks, mailoutbox
):
    event = EventFactory(school=school, kind="remise_diplomes", title="Remise des diplômes 2027")
    partnership = PartnershipFactory(school=school)
    ContactFactory(
        company=partnership.company, schools=[school], email="Rh@Garage.example", first_name="Inès"
    )
    ContactFactory(company=partnership.company, schools=[], email="ailleurs@garage.example")

    with django_capture_on_commit_callbacks(execute=True):
        result = services.event_invite_partners(event=event, partnerships=school.partnerships.all())
    again = services.event_invite_partners(event=event, partnerships=school.partnerships.all())

    assert result["invited"] == 1 and again == {"invited": 0, "already": 1, "without_contact": []}
    [message] = mailoutbox
    assert message.to == ["rh@garage.example"]
    assert message.subject == "Invitation : Remise des diplômes 2027"
    assert message.body.startswith("Bonjour Inès,\n")  # as every mail greets
    assert "cérémonie de remise des diplômes" in message.body
    assert "/formations/evenements/reponse/" in message.body


def test_a_partner_answers_by_the_link_and_may_change_their_mind(client, school):
    invitation = InvitationFactory(event=EventFactory(school=school, title="Stage dating"))
    url = path_of(links.rsvp_url(invitation))
    assert "Je viendrai" in client.get(url).content.decode()

    page = client.post(url, {"reponse": "oui"}).content.decode()
    assert "votre venue est notée" in page
    invitation.refresh_from_db()
    assert invitation.rsvp == "oui" and invitation.responded_at

    page = client.post(url, {"reponse": "non"}).content.decode()
    assert "vous ne viendrez pas" in page
    invitation.refresh_from_db()
    assert invitation.rsvp == "non"
    assert Event.objects.with_invitation_counts().get().yes_count == 0


def test_no_answer_after_the_event_and_no_forged_link(client, school):
    invitation = InvitationFactory(event=EventFactory(school=school, starts_at=in_days(-1)))
    page = client.post(path_of(links.rsvp_url(invitation)), {"reponse": "oui"}).content.decode()
    assert "L’événement a eu lieu" in page
    invitation.refresh_from_db()
    assert invitation.rsvp == "en_attente"

    forged = reverse("formations:rsvp", args=[str(invitation.token)])
    assert client.get(forged).status_code == 404


def test_attendance_is_noted_afterwards_in_the_admin_and_counted(client, school, rbde):
    event = EventFactory(school=school, starts_at=in_days(-1))
    came = InvitationFactory(event=event, rsvp="oui")
    InvitationFactory(event=event, rsvp="oui")
    client.force_login(rbde)

    response = client.post(f"/admin/formations/invitations/edit/{came.pk}/", {"attended": "true"})
    assert response.status_code == 302
    came.refresh_from_db()
    assert came.attended is True
    counted = Event.objects.with_invitation_counts().get()
    assert (counted.invited_count, counted.yes_count, counted.attended_count) == (2, 2, 1)
    page = client.get("/admin/formations/evenements/").content.decode()
    assert "2 invités, 2 oui, 1 venu" in page and "1 venus" not in page
