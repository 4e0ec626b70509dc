"""The espace entreprise: a signed, expiring link, no password; what the company can do there."""

import pytest
from django.core import signing
from django.urls import reverse

from courriels.models import ALL_KINDS, OptOut
from entreprises.models import Contact
from offres import links
from offres.links import espace_token
from offres.models import Submission, SubmissionKind, SubmissionSchool, SubmissionStatus
from offres.services import submission_answer
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.offres.factories import SubmissionFactory

pytestmark = pytest.mark.django_db


def espace(token, name="espace", **kwargs):
    return reverse(f"offres:{name}", kwargs={"token": token, **kwargs})


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def submission(school):
    return SubmissionFactory(company__name="Atelier Garonne", schools=[school])


@pytest.fixture
def token(submission):
    return espace_token(submission.contact_id)


def test_the_link_opens_the_companys_submissions_with_the_schools_answers(
    client, school, submission, token
):
    other_school = SchoolFactory(name="Lycée Bêta")
    refused = SubmissionFactory(
        kind=SubmissionKind.CMQ,
        company=submission.company,
        contact=submission.contact,
        schools=[other_school],
    )
    submission_answer(
        addressee=SubmissionSchool.objects.get(submission=refused),
        status=SubmissionStatus.REFUSED,
        by=staff_user(other_school),
        reason="Notre lycée ne relève d’aucun Campus.",
    )
    SubmissionFactory(company__name="Autre Entreprise", kind=SubmissionKind.DISCOVERY)
    page = client.get(espace(token)).content.decode()
    assert "Espace entreprise — Atelier Garonne" in page
    assert "pas encore de réponse" in page
    assert "« Notre lycée ne relève d’aucun Campus. »" in page
    assert "découverte des métiers" not in page  # another company's submission


def test_an_expired_link_is_refused_in_plain_words(client, token, monkeypatch):
    monkeypatch.setattr(links, "MAX_AGE_DAYS", 0)
    response = client.get(espace(token))
    assert response.status_code == 403
    page = response.content.decode()
    assert "Ce lien a expiré" in page
    assert "M’envoyer un nouveau lien" in page
    assert "Atelier Garonne" not in page


def test_a_link_older_than_30_days_is_expired(client, submission, monkeypatch):
    import time

    old = time.time() - 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: old)
    token = espace_token(submission.contact_id)
    monkeypatch.undo()
    assert "Ce lien a expiré" in client.get(espace(token)).content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),  # signature changed
        lambda t: "9999" + t[t.index(":") :],  # another contact's id, same signature
        lambda t: "n-importe-quoi",
    ],
)
def test_a_tampered_link_is_refused(client, token, tamper):
    response = client.get(espace(tamper(token)))
    assert response.status_code == 403
    assert "Ce lien n’est pas valide" in response.content.decode()


def test_a_link_of_an_erased_person_is_refused(client, submission, token):
    Contact.objects.filter(pk=submission.contact_id).update(anonymised_at="2026-01-01T00:00Z")
    response = client.get(espace(token))
    assert response.status_code == 403
    assert "n’est plus enregistrée" in response.content.decode()


def test_edit_while_soumise_keeps_the_rules_and_the_typed_input(client, submission, token):
    url = espace(token, "espace_edit", pk=submission.pk)
    page = client.get(url).content.decode()
    assert 'value="Association Article 1"' in page
    data = {
        "mentors": "4",
        "hours_per_month": "1",
        "duration_months": "8",
        "structure": "Association Proxité",
        "fields_of_action": ["orientation"],
        "mode": "mixte",
    }
    page = client.post(url, data).content.decode()
    assert "Le mentorat demande au moins 2 heures par mois." in page
    assert 'value="Association Proxité"' in page
    submission.refresh_from_db()
    assert submission.details["structure"] == "Association Article 1"
    response = client.post(url, {**data, "hours_per_month": "3"})
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.details["structure"] == "Association Proxité"
    assert submission.details["hours_per_month"] == "3"


def test_no_edit_once_a_school_answered(client, school, submission, token):
    submission_answer(
        addressee=SubmissionSchool.objects.get(submission=submission),
        status=SubmissionStatus.ACCEPTED,
        by=staff_user(school),
    )
    url = espace(token, "espace_edit", pk=submission.pk)
    page = client.get(url).content.decode()
    assert "Un lycée a déjà répondu à cette proposition" in page
    client.post(url, {"structure": "Changée"})
    submission.refresh_from_db()
    assert submission.details["structure"] == "Association Article 1"


def test_the_link_reused_after_withdrawal_changes_nothing_more(client, school, submission, token):
    response = client.post(espace(token, "espace_withdraw", pk=submission.pk))
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.WITHDRAWN
    withdrawn_at = submission.withdrawn_at
    # The same link, used again: the espace shows the withdrawal, actions are closed.
    page = client.get(espace(token)).content.decode()
    assert "retirée le" in page
    assert espace(token, "espace_edit", pk=submission.pk) not in page
    for name in ("espace_edit", "espace_withdraw", "espace_limits"):
        url = espace(token, name, pk=submission.pk)
        page = client.post(url, {"structure": "Changée", "paused": "on"}).content.decode()
        assert "Proposition retirée" in page
    submission.refresh_from_db()
    assert submission.withdrawn_at == withdrawn_at
    assert submission.details["structure"] == "Association Article 1"
    assert submission.paused is False
    # The school can no longer accept it.
    from offres.services import SubmissionError

    with pytest.raises(SubmissionError):
        submission_answer(
            addressee=SubmissionSchool.objects.get(submission=submission),
            status=SubmissionStatus.ACCEPTED,
            by=staff_user(school),
        )


def test_another_companys_submission_is_out_of_reach(client, token):
    stranger = SubmissionFactory()
    for name in ("espace_edit", "espace_withdraw", "espace_limits"):
        response = client.post(espace(token, name, pk=stranger.pk))
        assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.status == SubmissionStatus.SUBMITTED


def test_pause_and_cap_an_offer(client, school, token):
    # Students per period only mean something for placements (the limits page of each kind).
    submission = SubmissionFactory(
        kind=SubmissionKind.PLACEMENT,
        company__name="Atelier Garonne",
        schools=[school],
    )
    token = espace_token(submission.contact_id)
    url = espace(token, "espace_limits", pk=submission.pk)
    page = client.post(url, {"request_cap": "-1"}).content.decode()
    assert "supérieure ou égale à 0" in page
    response = client.post(
        url, {"paused": "on", "request_cap": "3", "students_per_period": "2"}, follow=True
    )
    # Issue 27 §12: the company is told it is saved, not left to spot a badge.
    assert "Pause et limites enregistrées" in response.content.decode()
    submission.refresh_from_db()
    assert (submission.paused, submission.request_cap, submission.students_per_period) == (
        True,
        3,
        2,
    )
    page = client.get(espace(token)).content.decode()
    assert "en pause" in page and "Places restantes : 3" in page


def test_add_a_colleague_who_gets_their_own_link(
    client, submission, token, mailoutbox, django_capture_on_commit_callbacks
):
    url = espace(token, "espace_colleague")
    page = client.post(url, {"first_name": "Léa", "last_name": "Brun", "email": "lea@x.example"})
    assert "Prévenez votre collègue, puis cochez la case." in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            url,
            {
                "first_name": "Léa",
                "last_name": "Brun",
                "email": "Lea.Brun@garonne.example",
                "consent": "on",
            },
        )
    colleague = Contact.objects.get(email="lea.brun@garonne.example")
    assert colleague.company_id == submission.company_id
    assert mailoutbox[-1].to == ["lea.brun@garonne.example"]
    link = next(w for w in mailoutbox[-1].body.split() if "/entreprises/espace/" in w)
    page = client.get(link.replace("http://127.0.0.1:8000", "")).content.decode()
    assert "Bonjour Léa" in page and "Espace entreprise — Atelier Garonne" in page


def test_unsubscribe_stops_the_mails(
    client, school, submission, token, mailoutbox, django_capture_on_commit_callbacks
):
    client.post(espace(token, "espace_unsubscribe"))
    assert OptOut.objects.filter(email=submission.contact.email, kind=ALL_KINDS).exists()
    with django_capture_on_commit_callbacks(execute=True):
        submission_answer(
            addressee=SubmissionSchool.objects.get(submission=submission),
            status=SubmissionStatus.ACCEPTED,
            by=staff_user(school),
        )
    assert mailoutbox == []
    assert "Courriels désactivés" in client.get(espace(token)).content.decode()


def test_a_new_link_by_email_says_the_same_for_unknown_addresses(
    client, submission, mailoutbox, django_capture_on_commit_callbacks
):
    url = reverse("offres:link_request")
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(url, {"email": submission.contact.email}).content.decode()
        unknown = client.post(url, {"email": "inconnu@x.example"}).content.decode()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == [submission.contact.email]
    strip = lambda page: page.replace(submission.contact.email, "").replace("inconnu@x.example", "")  # noqa: E731
    assert strip(known).count("fr-alert") == strip(unknown).count("fr-alert")


def test_espace_queries_do_not_grow_with_the_submissions(
    client, submission, token, django_assert_max_num_queries
):
    for n in (2, 9):
        SubmissionFactory.create_batch(
            n,
            company=submission.company,
            contact=submission.contact,
            schools=[SchoolFactory(), SchoolFactory()],
        )
        with django_assert_max_num_queries(12):
            page = client.get(espace(token)).content.decode()
        assert page.count("Réponses des lycées") == min(Submission.objects.count(), 10)


def test_another_proposal_from_the_espace_starts_with_the_company_and_the_contact(
    client, submission, token
):
    """Issue 27 §9: the company, its SIRET and the contact are known in the espace."""
    contact = submission.contact
    page = client.get(espace(token)).content.decode()
    assert "Faire une autre proposition" in page
    form = client.get(reverse("offres:submit", kwargs={"slug": "mentorat"})).content.decode()
    assert f'value="{submission.company.siret}"' in form
    assert 'value="Atelier Garonne"' in form
    assert f'value="{contact.email}"' in form and f'value="{contact.last_name}"' in form
    # Another browser, without the link, starts from an empty form.
    client.logout()
    form = client.get(reverse("offres:submit", kwargs={"slug": "mentorat"})).content.decode()
    assert 'value="Atelier Garonne"' not in form
