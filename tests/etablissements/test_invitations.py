"""Invitations: the academy or a school's direction invites an email with a role in a school."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courriels.models import Email
from etablissements.models import Invitation
from etablissements.roles import Role
from etablissements.services import InvitationError, academy_admin_grant, invitation_create
from pilotage.invitations import invitation_send
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory(name="LP Roland-Garros", town="Toulouse")


def test_a_direction_invites_into_its_school_and_the_mail_leaves_on_commit(
    school, mailoutbox, django_capture_on_commit_callbacks, settings
):
    direction = staff_user(school, Role.DIRECTION, first_name="Paule", last_name="Proviseure")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invitation_send(
            by=direction, email=" Nouvel.Agent@AC-Toulouse.fr ", school=school, role=Role.RBDE
        )
    assert invitation.email == "nouvel.agent@ac-toulouse.fr"
    assert invitation.invited_by == direction
    expected = timezone.now() + datetime.timedelta(days=settings.PROCONNECT_INVITATION_DAYS)
    assert abs(invitation.expires_at - expected) < datetime.timedelta(minutes=1)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["nouvel.agent@ac-toulouse.fr"]
    assert "LP Roland-Garros" in mail.subject
    assert "Paule Proviseure vous invite" in mail.body
    assert "responsable du bureau des entreprises (RBDE)" in mail.body
    assert "connectez-vous avec ProConnect" in mail.body
    assert settings.PORTAL_BASE_URL + reverse("wagtailadmin_login") in mail.body


def test_an_rbde_or_another_schools_direction_cannot_invite(school, mailoutbox):
    rbde = staff_user(school, Role.RBDE)
    other_direction = staff_user(SchoolFactory(), Role.DIRECTION)
    for user in (rbde, other_direction):
        with pytest.raises(InvitationError, match="Seuls l’administrateur académique"):
            invitation_send(by=user, email="x@ac-toulouse.fr", school=school, role=Role.RBDE)
    assert not Invitation.objects.exists() and mailoutbox == []


def test_the_academy_invites_anywhere_but_not_twice(school):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    invitation_create(by=admin, email="x@ac-toulouse.fr", school=school, role=Role.TEACHER)
    with pytest.raises(InvitationError, match="attend déjà"):
        invitation_create(by=admin, email="X@ac-toulouse.fr", school=school, role=Role.TEACHER)
    # Once expired, a new one can be sent.
    Invitation.objects.update(expires_at=timezone.now() - datetime.timedelta(days=1))
    invitation_create(by=admin, email="x@ac-toulouse.fr", school=school, role=Role.TEACHER)
    assert Invitation.objects.count() == 2


def test_nobody_is_invited_to_a_role_they_already_hold(school):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    holder = staff_user(school, Role.RBDE, email="deja@ac-toulouse.fr")
    with pytest.raises(InvitationError, match="a déjà ce rôle"):
        invitation_create(by=admin, email=holder.email, school=school, role=Role.RBDE)


def test_the_direction_invites_from_the_admin_and_sees_its_schools_invitations(client, school):
    direction = staff_user(school, Role.DIRECTION)
    other = SchoolFactory(name="Lycée Bourdelle")
    Invitation.objects.create(
        email="ailleurs@ac-toulouse.fr",
        school=other,
        role=Role.RBDE,
        expires_at=timezone.now() + datetime.timedelta(days=3),
    )
    client.force_login(direction)
    add = reverse("invitations:add")
    form_page = client.get(add).content.decode()
    assert "LP Roland-Garros" in form_page and "Lycée Bourdelle" not in form_page
    response = client.post(
        add, {"email": "nouvelle@ac-toulouse.fr", "school": school.pk, "role": Role.TEACHER}
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="nouvelle@ac-toulouse.fr")
    assert invitation.invited_by == direction and invitation.role == Role.TEACHER
    # Its mail is in the outbox, written with it.
    queued = Email.objects.get(to_email="nouvelle@ac-toulouse.fr")
    assert "LP Roland-Garros" in queued.subject and "ProConnect" in queued.body_text
    listing = client.get(reverse("invitations:index")).content.decode()
    assert "nouvelle@ac-toulouse.fr" in listing and "en attente" in listing
    assert "Status label" not in listing and ">État<" in listing.replace("\n", "").replace(" ", "")
    assert "ailleurs@ac-toulouse.fr" not in listing
    # A second identical invitation: a French error, what was typed kept, nothing saved.
    response = client.post(
        add, {"email": "nouvelle@ac-toulouse.fr", "school": school.pk, "role": Role.TEACHER}
    )
    page = response.content.decode()
    assert "attend déjà" in page and "nouvelle@ac-toulouse.fr" in page
    assert Invitation.objects.filter(email="nouvelle@ac-toulouse.fr").count() == 1


def test_an_rbde_has_no_invitation_screen(client, school):
    client.force_login(staff_user(school, Role.RBDE))
    response = client.get(reverse("invitations:index"))
    assert response.status_code in (302, 403)
    assert reverse("invitations:index") not in client.get("/admin/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_the_invitation_list_costs_the_same_at_two_sizes(
    client, school, count, django_assert_max_num_queries
):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    for n in range(count):
        Invitation.objects.create(
            email=f"agent{n}@ac-toulouse.fr",
            school=SchoolFactory() if n % 2 else school,
            role=Role.TEACHER,
            invited_by=admin,
            # The last one created (listed first) has expired; the others wait.
            expires_at=timezone.now() + datetime.timedelta(days=-1 if n == count - 1 else 5),
        )
    client.force_login(admin)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("invitations:index")).content.decode()
    assert f"agent{count - 1}@ac-toulouse.fr" in page
    assert "expirée" in page and "en attente" in page


def test_the_direction_keeps_its_invitations_and_school_screens_in_french(client, school):
    """A direction invites people into its own school (roles come from invitations) and reads
    its school's record: both screens stay in its menu, named apart from the events'
    invitations, and an empty list says what it is for."""
    client.force_login(staff_user(school, Role.DIRECTION))

    home = client.get("/admin/").content.decode()
    assert "Invitations au portail" in home and "/admin/etablissements/" in home
    assert "/admin/rattachements/" not in home  # who holds which role: the académie's screen
    assert client.get("/admin/rattachements/").status_code in (302, 403)

    page = client.get("/admin/invitations/").content.decode()
    assert "Aucune invitation pour le moment." in page and "ProConnect" in page
    assert "pas de invitations" not in page
    assert "LP Roland-Garros" in client.get("/admin/etablissements/").content.decode()


def test_the_staff_login_page_is_french(client, db):
    """Issue 27 §3: the first screen every staff member sees names its fields in French."""
    page = client.get("/admin/login/").content.decode()
    assert "Mot de passe" in page and "Nom d’utilisateur" in page
    assert "Password" not in page
