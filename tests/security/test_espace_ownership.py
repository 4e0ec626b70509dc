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


def _submit(client, school, capture, *, email, structure, siret=None, **fields):
    data = mentoring_post(school, email=email, structure=structure, **fields)
    if siret:
        data["siret"] = siret
    with capture(execute=True):
        response = client.post(reverse("offres:submit", kwargs={"slug": "mentorat"}), data)
    assert response.status_code == 302, response.content.decode()[:500]
    contact = Contact.objects.get(email__iexact=email)
    return contact, Submission.objects.filter(contact=contact).latest("pk")


def _token(contact) -> str:
    return espace_token(contact.pk)


def _espace(client, contact) -> str:
    return client.get(reverse("offres:espace", kwargs={"token": _token(contact)})).content.decode()


def _acts_on(client, contact, submission) -> list[int]:
    """The answers to the person's edit, pause and withdraw of `submission` (GET and POST)."""
    kw = {"token": _token(contact), "pk": submission.pk}
    edit = reverse("offres:espace_edit", kwargs=kw)
    withdraw = reverse("offres:espace_withdraw", kwargs=kw)
    limits = reverse("offres:espace_limits", kwargs=kw)
    return [
        client.get(edit).status_code,
        client.post(edit, {"mentors": "9"}).status_code,
        client.get(withdraw).status_code,
        client.post(withdraw).status_code,
        client.post(limits, {"paused": "on"}).status_code,
    ]


def test_a_new_sirets_espace_goes_to_nobody_who_is_not_vouched_for(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    """Two strangers and one employee of a company new to the portal: each sees and acts on
    their own proposals only, until the school's staff confirms the employee."""
    capture = django_capture_on_commit_callbacks
    siret = mentoring_post(school)["siret"]
    # The first stranger types the (public) SIRET first: not the company's person for all that.
    first, first_offer = _submit(
        client, school, capture, email="premier@intrus.example", structure="Structure A"
    )
    employee, employee_offer = _submit(
        client, school, capture, email="rh@garonne-industrie.fr", structure="Offre de la RH"
    )
    second, second_offer = _submit(
        client, school, capture, email="second@intrus.example", structure="Structure B"
    )
    assert first.company == employee.company == second.company
    assert [c.confirmed_at for c in (first, employee, second)] == [None, None, None]
    for person, own, others in (
        (first, "Structure A", ("Offre de la RH", "Structure B")),
        (employee, "Offre de la RH", ("Structure A", "Structure B")),
        (second, "Structure B", ("Structure A", "Offre de la RH")),
    ):
        page = _espace(client, person)
        assert own in page and not any(other in page for other in others)
        assert "Vous voyez seulement vos propres propositions" in page
        assert "Ajouter un collègue" not in page
    # No link to others' proposals, and their addresses answer 404, GET or POST.
    first_page = _espace(client, first)
    for offer in (employee_offer, second_offer):
        assert f"/proposition/{offer.pk}/" not in first_page
        assert set(_acts_on(client, first, offer)) == {404}
        assert set(_acts_on(client, second, offer if offer != second_offer else first_offer)) == {
            404
        }
    employee_offer.refresh_from_db()
    assert employee_offer.status == SubmissionStatus.SUBMITTED and not employee_offer.paused
    assert employee_offer.details["mentors"] != 9
    # Nobody unconfirmed adds a colleague.
    response = client.post(
        reverse("offres:espace_colleague", kwargs={"token": _token(first)}),
        {"email": "complice@intrus.example", "first_name": "A", "last_name": "B"},
    )
    assert response.status_code == 403
    # The school's staff confirms the employee: they now see, and may withdraw, all three.
    client.force_login(staff_user(school))
    client.post(reverse("contacts_admin:confirm", args=[employee.pk]))
    client.logout()
    page = _espace(client, employee)
    assert all(text in page for text in ("Structure A", "Offre de la RH", "Structure B"))
    withdraw = reverse(
        "offres:espace_withdraw", kwargs={"token": _token(employee), "pk": first_offer.pk}
    )
    client.post(withdraw)
    first_offer.refresh_from_db()
    assert first_offer.status == SubmissionStatus.WITHDRAWN
    # The strangers still see only their own.
    assert "Offre de la RH" not in _espace(client, second)
    assert siret


def test_an_address_at_the_companys_web_domain_is_confirmed(
    client, school, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    stranger, _ = _submit(
        client, school, capture, email="x@garonne-industrie.fr.intrus.example", structure="S1"
    )
    company = stranger.company
    assert stranger.confirmed_at is None
    # The website is what the school's staff recorded (a public form never sets it).
    company.website = "https://www.garonne-industrie.fr/contact"
    company.save()
    employee, _ = _submit(
        client, school, capture, email="RH@Garonne-Industrie.fr", structure="Offre RH"
    )
    assert employee.confirmed_at is not None
    assert "garonne-industrie.fr" in employee.confirmed_by
    assert "S1" in _espace(client, employee)
    workshop, _ = _submit(
        client, school, capture, email="chef@atelier.garonne-industrie.fr", structure="S3"
    )
    assert workshop.confirmed_at is not None
    # A look-alike domain, or a shared webmail as "website", vouches for nobody.
    for email in ("a@garonne-industrie.fr.intrus.example", "b@xgaronne-industrie.fr"):
        lookalike, _ = _submit(client, school, capture, email=email, structure=email)
        assert lookalike.confirmed_at is None, email
    company.website = "gmail.com"
    company.save()
    webmail, _ = _submit(client, school, capture, email="c@gmail.com", structure="S5")
    assert webmail.confirmed_at is None


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
