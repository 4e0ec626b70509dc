"""What a company meets on the public forms and in its espace: input kept while searching
schools, an error summary, joining a request said as such, limits in each kind's words,
an expired link that offers a fresh one."""

import re

import pytest
from django.core import signing
from django.urls import reverse

from offres.links import espace_token
from offres.models import Submission, SubmissionKind, SubmissionStatus
from tests.etablissements.factories import SchoolFactory
from tests.offres.factories import SubmissionFactory, good_details
from tests.offres.test_public_forms import URL, mentoring_post

pytestmark = pytest.mark.django_db


def test_searching_schools_keeps_everything_typed(client):
    toulouse = SchoolFactory(name="LP Toulouse-Lautrec", town="Toulouse", postcode="31000")
    SchoolFactory(name="LP Bourdelle", town="Montauban", postcode="82000")
    data = mentoring_post(toulouse, departement="82", chercher_lycees="1")

    response = client.post(URL, data)

    page = response.content.decode()
    assert response.status_code == 200
    assert 'value="Atelier Garonne"' in page and 'value="ines.roussel@garonne.example"' in page
    assert f'value="{data["siret"]}"' in page
    # The list follows the search, and the school already ticked stays, ticked.
    assert "LP Bourdelle" in page
    assert re.search(rf'value="{toulouse.pk}"[^>]*checked', page)
    assert "ce que vous aviez saisi est conservé" in page
    assert "fr-alert--error" not in page  # searching is not sending
    assert not Submission.objects.exists()


def test_the_search_is_inside_the_proposal_form_and_filters_in_place(client):
    SchoolFactory(name="LP Toulouse-Lautrec")

    page = client.get(URL).content.decode()

    form = page[
        page.index('<form method="post"') : page.index("</form>", page.index('<form method="post"'))
    ]
    assert 'name="chercher_lycees"' in form and 'name="ville"' in form and 'name="siret"' in form
    assert 'id="liste-lycees"' in form
    assert "offres/school_search.js" in page
    assert "<script>" not in page  # no inline script (CSP)


def test_errors_are_summed_up_at_the_top_with_links_to_the_fields(client):
    school = SchoolFactory()

    page = client.post(URL, mentoring_post(school, siret="123", email="")).content.decode()

    summary = page[
        page.index('id="resume-erreurs"') : page.index("</div>", page.index('id="resume-erreurs"'))
    ]
    opening = re.search(r'<div[^>]*id="resume-erreurs"[^>]*>', page).group(0)
    assert 'tabindex="-1"' in opening and "autofocus" in opening
    assert 'href="#id_siret"' in summary and 'href="#id_email"' in summary
    assert 'id="id_siret"' in page and 'id="id_email"' in page
    assert page.index('id="resume-erreurs"') < page.index('name="siret"')
    assert "offres/form_errors.js" in page


def test_the_summary_names_a_missing_consent_by_its_message_not_its_whole_sentence(client):
    page = client.post(URL, mentoring_post(SchoolFactory(), consent="")).content.decode()

    summary = page[
        page.index('id="resume-erreurs"') : page.index("</ul>", page.index("resume-erreurs"))
    ]
    item = re.search(r'<a href="#id_consent">([^<]*)</a>', summary).group(1)
    assert item.startswith("Sans votre accord") and "J’accepte" not in item


def accepted_request(school, **kwargs):
    return SubmissionFactory(
        kind=SubmissionKind.SPECIALISATION,
        status=SubmissionStatus.ACCEPTED,
        schools=[school],
        details=good_details(
            SubmissionKind.SPECIALISATION, trade="Maintenance éolienne", course_type="fcil"
        ),
        **kwargs,
    )


def test_joining_prefills_the_course_type_and_says_joined(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    school = SchoolFactory()
    original = accepted_request(school)
    url = reverse("offres:specialisation_join", args=[original.pk])

    page = client.get(url).content.decode()
    assert re.search(r'name="course_type" value="fcil"[^>]*checked', page)

    data = mentoring_post(school, siret="", email="paul@eole.example")
    details = good_details(SubmissionKind.SPECIALISATION, course_type="fcil")
    data.update({k: v for k, v in details.items() if v is not None})
    from tests.entreprises.factories import valid_siret

    data["siret"] = valid_siret(77)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, data, follow=True)

    page = response.content.decode()
    assert Submission.objects.filter(joins=original).count() == 1, page[:3000]
    assert "a rejoint la demande d’ouverture de formation « Maintenance éolienne »" in page
    mail = mailoutbox[-1]
    assert mail.subject == "Vous avez rejoint une demande d’ouverture de formation"
    assert "a rejoint la demande d’ouverture de formation « Maintenance éolienne »" in mail.body


def test_the_answer_mail_is_grammatical(mailoutbox, django_capture_on_commit_callbacks):
    from offres.services import submission_answer
    from tests.etablissements.factories import staff_user

    school = SchoolFactory(name="Lycée Alpha")
    submission = SubmissionFactory(schools=[school])
    with django_capture_on_commit_callbacks(execute=True):
        submission_answer(
            addressee=submission.addressees.get(), status="acceptee", by=staff_user(school)
        )

    assert "Lycée Alpha a accepté votre proposition" in mailoutbox[-1].body


def test_the_espace_links_to_another_proposal(client):
    submission = SubmissionFactory(schools=[SchoolFactory()])

    page = client.get(reverse("offres:espace", args=[espace_token(submission.contact_id)]))

    assert (
        'href="/travailler-avec-un-lycee-professionnel/">Faire une autre proposition'
        in page.content.decode()
    )


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        ("mentorat", "Mentorés que vous pouvez encore suivre", "Élèves accueillis par période"),
        ("stages", "Élèves accueillis par période", "Mentorés"),
    ],
)
def test_pause_and_limits_speak_each_kinds_language(client, kind, present, absent):
    submission = SubmissionFactory(kind=kind, schools=[SchoolFactory()])
    token = espace_token(submission.contact_id)

    page = client.get(reverse("offres:espace_limits", args=[token, submission.pk])).content.decode()

    assert present in page and absent not in page


def test_an_expired_link_offers_a_fresh_one_to_the_address_on_file(
    client, monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    import time

    submission = SubmissionFactory(schools=[SchoolFactory()], contact__email="old@firm.example")
    old = time.time() - 31 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: old)
    token = espace_token(submission.contact_id)
    monkeypatch.undo()

    response = client.get(reverse("offres:espace", args=[token]))
    page = response.content.decode()
    assert response.status_code == 403
    assert "Ce lien a expiré" in page and "M’envoyer un nouveau lien" in page
    assert "old@firm.example" not in page

    with django_capture_on_commit_callbacks(execute=True):
        page = client.post(reverse("offres:espace_resend", args=[token])).content.decode()

    assert "Nouveau lien envoyé" in page
    assert mailoutbox[-1].to == ["old@firm.example"]
    fresh = re.search(r"/entreprises/espace/[^/\s]+/", mailoutbox[-1].body).group(0)
    assert client.get(fresh).status_code == 200


def test_a_forged_link_cannot_ask_for_a_fresh_one(client, mailoutbox):
    submission = SubmissionFactory(schools=[SchoolFactory()])
    token = espace_token(submission.contact_id)[:-2] + "xx"

    response = client.post(reverse("offres:espace_resend", args=[token]))

    assert response.status_code == 403 and not mailoutbox
