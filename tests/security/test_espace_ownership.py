"""Finding 1 (High): whoever knows a SIRET must not take over that company's espace entreprise."""

import re

import pytest
from django.urls import reverse

from entreprises.models import Contact
from offres.links import espace_token
from offres.models import Submission, SubmissionKind, SubmissionStatus
from tests.entreprises.factories import ContactFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory, good_details
from tests.offres.test_public_forms import mentoring_post

pytestmark = pytest.mark.django_db


def _espace_link(mail) -> str:
    return re.search(r"(/entreprises/espace/[^/\s]+/)", mail.body).group(1)


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def victim(school):
    """A company already on the portal, with the offer of one of its own people."""
    return SubmissionFactory(
        company__name="Atelier Garonne",
        contact__email="drh@garonne.example",
        kind=SubmissionKind.MENTORING,
        details=good_details(
            SubmissionKind.MENTORING, structure="Association Proxité des Garonnais"
        ),
        schools=[school],
    )


def _stranger_submits(client, school, victim, django_capture_on_commit_callbacks):
    data = mentoring_post(
        school,
        siret=victim.company.siret,
        company_name="N’importe quoi",
        email="intrus@ailleurs.example",
        first_name="Ivan",
        last_name="Trus",
        structure="Structure de l’intrus",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("offres:submit", kwargs={"slug": "mentorat"}), data, follow=True
        )
    assert "Proposition envoyée" in response.content.decode()
    return Contact.objects.get(email="intrus@ailleurs.example")


def test_a_stranger_with_a_siret_sees_only_their_own_submission(
    client, school, victim, mailoutbox, django_capture_on_commit_callbacks
):
    stranger = _stranger_submits(client, school, victim, django_capture_on_commit_callbacks)
    assert stranger.company == victim.company
    assert stranger.confirmed_at is None
    mail = next(m for m in mailoutbox if "intrus@ailleurs.example" in m.to)
    page = client.get(_espace_link(mail)).content.decode()
    assert "Structure de l’intrus" in page
    assert "Association Proxité des Garonnais" not in page
    assert "Vous voyez seulement vos propres propositions" in page
    assert "Ajouter un collègue" not in page


def test_a_stranger_cannot_withdraw_another_contacts_offer(
    client, school, victim, mailoutbox, django_capture_on_commit_callbacks
):
    _stranger_submits(client, school, victim, django_capture_on_commit_callbacks)
    link = _espace_link(next(m for m in mailoutbox if "intrus@ailleurs.example" in m.to))
    token = link.rstrip("/").rsplit("/", 1)[1]
    url = reverse("offres:espace_withdraw", kwargs={"token": token, "pk": victim.pk})
    assert client.get(url).status_code == 404
    client.post(url)
    victim.refresh_from_db()
    assert victim.status == SubmissionStatus.SUBMITTED
    edit = reverse("offres:espace_edit", kwargs={"token": token, "pk": victim.pk})
    limits = reverse("offres:espace_limits", kwargs={"token": token, "pk": victim.pk})
    assert client.post(edit, {"mentors": "9"}).status_code == 404
    assert client.post(limits, {"paused": "on"}).status_code == 404
    victim.refresh_from_db()
    assert not victim.paused


def test_an_unconfirmed_person_cannot_add_colleagues(
    client, school, victim, mailoutbox, django_capture_on_commit_callbacks
):
    stranger = _stranger_submits(client, school, victim, django_capture_on_commit_callbacks)
    url = reverse("offres:espace_colleague", kwargs={"token": espace_token(stranger.pk)})
    response = client.post(
        url, {"email": "complice@ailleurs.example", "first_name": "A", "last_name": "B"}
    )
    assert response.status_code == 403
    assert "Seule une personne déjà confirmée" in response.content.decode()
    assert not Contact.objects.filter(email="complice@ailleurs.example").exists()


def test_the_companys_own_people_keep_the_shared_view_and_vouch_for_colleagues(
    client, school, victim, mailoutbox, django_capture_on_commit_callbacks
):
    _stranger_submits(client, school, victim, django_capture_on_commit_callbacks)
    page = client.get(reverse("offres:espace", kwargs={"token": espace_token(victim.contact_id)}))
    text = page.content.decode()
    assert "Association Proxité des Garonnais" in text
    assert "Structure de l’intrus" in text  # the company's people see what was sent in its name
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("offres:espace_colleague", kwargs={"token": espace_token(victim.contact_id)}),
            {
                "email": "collegue@garonne.example",
                "first_name": "Léa",
                "last_name": "Dupin",
                "consent": "on",
            },
        )
    colleague = Contact.objects.get(email="collegue@garonne.example")
    assert colleague.confirmed_at is not None
    assert "drh@garonne.example" in colleague.confirmed_by
    page = client.get(reverse("offres:espace", kwargs={"token": espace_token(colleague.pk)}))
    assert "Association Proxité des Garonnais" in page.content.decode()


def test_the_first_person_of_a_new_siret_is_confirmed(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("offres:submit", kwargs={"slug": "mentorat"}), mentoring_post(school))
    contact = Contact.objects.get(email="ines.roussel@garonne.example")
    assert contact.confirmed_at is not None
    assert Submission.objects.for_contact(contact).count() == 1


def test_staff_see_an_unconfirmed_contact_and_confirm_them(
    client, school, victim, mailoutbox, django_capture_on_commit_callbacks
):
    stranger = _stranger_submits(client, school, victim, django_capture_on_commit_callbacks)
    rbde = staff_user(school)
    client.force_login(rbde)
    listing = client.get(reverse("contacts_admin:index")).content.decode()
    assert "non confirmé" in listing
    inspect = client.get(reverse("contacts_admin:inspect", args=[stranger.pk])).content.decode()
    assert "Confirmer cette personne" in inspect
    client.post(reverse("contacts_admin:confirm", args=[stranger.pk]))
    stranger.refresh_from_db()
    assert stranger.confirmed_at is not None
    assert "personnel" in stranger.confirmed_by
    client.logout()
    page = client.get(reverse("offres:espace", kwargs={"token": espace_token(stranger.pk)}))
    assert "Association Proxité des Garonnais" in page.content.decode()


def test_staff_of_another_school_cannot_confirm(client, school, victim):
    stranger = ContactFactory(company=victim.company, confirmed_at=None, schools=[school])
    client.force_login(staff_user(SchoolFactory()))
    assert client.post(reverse("contacts_admin:confirm", args=[stranger.pk])).status_code == 404
    stranger.refresh_from_db()
    assert stranger.confirmed_at is None


def test_a_tutor_registration_does_not_make_a_confirmed_contact(victim, school):
    from formations.services import tutor_find_or_create

    tutor = tutor_find_or_create(
        company=victim.company,
        school=school,
        first_name="Ivan",
        last_name="Trus",
        email="intrus@ailleurs.example",
        consent=True,
    )
    assert tutor.confirmed_at is None
