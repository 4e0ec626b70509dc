"""The public forms, as a company sees them."""

import pytest
from django.test import Client
from django.urls import reverse

from entreprises.models import Company, Contact
from offres.models import Submission
from offres.pages import WayPage
from offres.views import limits
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db

URL = reverse("offres:submit", kwargs={"slug": "mentorat"})


def mentoring_post(school, **overrides):
    data = {
        "siret": valid_siret(11),
        "company_name": "Atelier Garonne",
        "postcode": "31000",
        "town": "Toulouse",
        "first_name": "Inès",
        "last_name": "Roussel",
        "email": "ines.roussel@garonne.example",
        "phone": "",
        "job_title": "DRH",
        "schools": [str(school.pk)],
        "mentors": "2",
        "hours_per_month": "2",
        "duration_months": "6",
        "structure": "Association Proxité",
        "fields_of_action": ["orientation"],
        "mode": "presentiel",
        "consent": "on",
        "site_internet_confirmation": "",
    }
    data.update(overrides)
    return data


def test_the_form_lists_schools_found_by_town_departement_and_diploma(client):
    from offres.models import SchoolDiploma

    toulouse = SchoolFactory(name="LP Toulouse-Lautrec", town="Toulouse", postcode="31000")
    montauban = SchoolFactory(name="LP Bourdelle", town="Montauban", postcode="82000")
    SchoolDiploma.objects.create(school=montauban, name="CAP cuisine")
    page = client.get(URL).content.decode()
    assert "LP Toulouse-Lautrec" in page and "LP Bourdelle" in page
    page = client.get(URL, {"departement": "82"}).content.decode()
    assert "LP Bourdelle" in page and "LP Toulouse-Lautrec" not in page
    page = client.get(URL, {"ville": "toul"}).content.decode()
    assert "LP Toulouse-Lautrec" in page and "LP Bourdelle" not in page
    page = client.get(URL, {"diplome": "cuisine"}).content.decode()
    assert "LP Bourdelle" in page and "LP Toulouse-Lautrec" not in page
    assert toulouse


def test_a_company_submits_a_mentoring_offer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    school = SchoolFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, mentoring_post(school), follow=True)
    assert "Proposition envoyée" in response.content.decode()
    submission = Submission.objects.get()
    assert submission.kind == "mentorat"
    assert submission.details["structure"] == "Association Proxité"
    assert list(submission.schools.all()) == [school]
    assert mailoutbox[0].to == ["ines.roussel@garonne.example"]


def test_the_thanks_page_names_the_schools_the_proposal_went_to_for_its_sender_only(client):
    first = SchoolFactory(name="LP Toulouse-Lautrec")
    second = SchoolFactory(name="LP Bourdelle")
    data = mentoring_post(first, schools=[str(first.pk), str(second.pk)])
    page = client.post(URL, data, follow=True).content.decode()

    # What was proposed, in plain words; not the form's title (« Proposer du mentorat »).
    assert (
        "Merci ! Nous avons transmis votre proposition de mentorat aux lycées ci-dessous." in page
    )
    assert "Proposer du mentorat" not in page
    assert "<li>LP Bourdelle</li>" in page and "<li>LP Toulouse-Lautrec</li>" in page
    assert "Le premier qui l’accepte coordonne la suite" in page
    thanks = reverse("offres:thanks", kwargs={"slug": "mentorat"})
    # Once shown, and never to another visitor (nor from the public cache).
    assert "LP Bourdelle" not in client.get(thanks).content.decode()
    other = Client().get(thanks).content.decode()
    assert "LP Bourdelle" not in other
    assert "Nous avons transmis votre proposition de mentorat aux lycées choisis." in other


def test_a_broken_rule_shows_a_french_message_and_keeps_what_was_typed(client):
    school = SchoolFactory()
    response = client.post(
        URL, mentoring_post(school, hours_per_month="1", siret="123", structure="Asso <b>X</b>")
    )
    page = response.content.decode()
    assert "Le mentorat demande au moins 2 heures par mois." in page
    assert "Le SIRET compte 14 chiffres" in page
    assert 'value="Atelier Garonne"' in page
    assert 'value="ines.roussel@garonne.example"' in page
    # What people type is shown as text, never as HTML.
    assert "Asso &lt;b&gt;X&lt;/b&gt;" in page
    assert "Asso <b>X</b>" not in page
    assert Submission.objects.count() == 0
    assert Company.objects.count() == 0


def test_consent_is_required_in_plain_words(client):
    school = SchoolFactory()
    data = mentoring_post(school)
    del data["consent"]
    page = client.post(URL, data).content.decode()
    assert "Sans votre accord, le lycée ne pourra pas vous répondre" in page
    assert Submission.objects.count() == 0


def test_the_honeypot_saves_nothing_and_tells_the_robot_nothing(client, mailoutbox):
    school = SchoolFactory()
    response = client.post(
        URL, mentoring_post(school, site_internet_confirmation="http://spam.example"), follow=True
    )
    assert "Proposition envoyée" in response.content.decode()
    assert Submission.objects.count() == 0
    assert Contact.objects.count() == 0
    assert mailoutbox == []


def test_rate_limit_per_email(client, monkeypatch):
    monkeypatch.setattr(limits, "RATE_PER_EMAIL", "2/h")
    school = SchoolFactory()
    for n in range(2):
        client.post(URL, mentoring_post(school, siret=valid_siret(20 + n)))
    response = client.post(URL, mentoring_post(school, siret=valid_siret(30)))
    page = response.content.decode()
    assert response.status_code == 429
    assert "Trop d’envois en peu de temps" in page
    assert 'value="Atelier Garonne"' in page
    assert Submission.objects.count() == 2


def test_rate_limit_per_ip(client, monkeypatch):
    monkeypatch.setattr(limits, "RATE_PER_IP", "3/h")
    school = SchoolFactory()
    for n in range(3):
        client.post(URL, mentoring_post(school, email=f"p{n}@garonne.example"))
    response = client.post(URL, mentoring_post(school, email="autre@garonne.example"))
    assert "Trop d’envois en peu de temps" in response.content.decode()
    assert Submission.objects.count() == 3


def test_too_large_a_post_is_refused(client, monkeypatch):
    monkeypatch.setattr(limits, "MAX_BODY_BYTES", 500)
    school = SchoolFactory()
    response = client.post(URL, mentoring_post(school, structure="x" * 600))
    assert response.status_code == 413
    assert "Votre proposition dépasse la taille permise" in response.content.decode()
    assert Submission.objects.count() == 0


def test_csrf_is_checked(client):
    from django.test import Client

    school = SchoolFactory()
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(URL, mentoring_post(school))
    assert response.status_code == 403
    assert Submission.objects.count() == 0


@pytest.mark.parametrize(
    "slug",
    [
        "ouverture-formation",
        "difficultes-recrutement",
        "decouverte-metiers",
        "stages-apprentissage",
        "mentorat",
        "campus-metiers",
        "professeur-associe",
        "formation-professeurs",
    ],
)
def test_every_kind_has_its_form(client, slug):
    SchoolFactory()
    page = client.get(reverse("offres:submit", kwargs={"slug": slug})).content.decode()
    assert "SIRET de l’entreprise" in page
    assert "J’accepte que les lycées choisis gardent mon nom" in page


def test_demo_pages_end_in_the_form_of_their_kind(client, site):
    from offres import demo

    demo.pages_ensure(site)
    demo.pages_ensure(site)
    assert WayPage.objects.count() == 9
    page = client.get("/travailler-avec-un-lycee-professionnel/").content.decode()
    assert "Proposer du mentorat" in page
    way = WayPage.objects.get(kind="mentorat")
    page = client.get(way.url).content.decode()
    assert 'href="/entreprises/proposer/mentorat/"' in page


SHARED = {
    "siret": valid_siret(61),
    "company_name": "Atelier Garonne",
    "postcode": "31000",
    "town": "Toulouse",
    "first_name": "Inès",
    "last_name": "Roussel",
    "email": "ines.roussel@garonne.example",
    "job_title": "DRH",
    "consent": "on",
}


def _as_post(details):
    data = {}
    for name, value in details.items():
        if value in (None, False):
            continue
        data[name] = "on" if value is True else value
    return data


# One broken rule per kind, through the public form: (slug, kind, override, message, kept text)
BROKEN = [
    ("ouverture-formation", "specialisation", {"hires": "0"}, "au moins un recrutement", None),
    (
        "difficultes-recrutement",
        "recrutement",
        {"positions_per_year": "0"},
        "au moins un poste",
        None,
    ),
    ("decouverte-metiers", "decouverte", {"group_size": "0"}, "au moins un collégien", None),
    (
        "stages-apprentissage",
        "stages",
        {"period1_start": "2027-02-06", "period1_end": "2027-02-05"},
        "La fin de la période précède son début.",
        'value="2027-02-06"',
    ),
    ("mentorat", "mentorat", {"duration_months": "5"}, "Le mentorat dure au moins 6 mois.", None),
    ("campus-metiers", "cmq", {"involvement": []}, "Cochez au moins une case.", None),
    (
        "professeur-associe",
        "professeur_associe",
        {"hours_per_year": "163"},
        "Un professeur associé enseigne 162 heures par an au plus.",
        'value="163"',
    ),
    (
        "formation-professeurs",
        "formation_enseignants",
        {"seats": "0"},
        "au moins un professeur",
        None,
    ),
]


@pytest.mark.parametrize("slug, kind, override, message, kept", BROKEN)
def test_each_public_form_says_what_is_wrong_keeps_the_input_and_saves_nothing(
    client, slug, kind, override, message, kept
):
    from tests.offres.factories import good_details

    school = SchoolFactory()
    url = reverse("offres:submit", kwargs={"slug": slug})
    data = {**SHARED, "schools": [str(school.pk)], **_as_post(good_details(kind)), **override}
    page = client.post(url, data).content.decode()
    assert message in page
    assert "Votre proposition n’est pas encore envoyée" in page
    assert 'value="ines.roussel@garonne.example"' in page
    if kept:
        assert kept in page
    assert Submission.objects.count() == 0 and Company.objects.count() == 0


@pytest.mark.parametrize("slug, kind", [(row[0], row[1]) for row in BROKEN])
def test_each_public_form_saves_good_input(client, slug, kind):
    from tests.offres.factories import good_details

    school = SchoolFactory()
    url = reverse("offres:submit", kwargs={"slug": slug})
    data = {**SHARED, "schools": [str(school.pk)], **_as_post(good_details(kind))}
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    submission = Submission.objects.get()
    assert submission.kind == kind
    assert submission.company.name == "Atelier Garonne"


def test_the_form_page_queries_do_not_grow_with_the_schools(client, django_assert_max_num_queries):
    for n in (3, 40):
        SchoolFactory.create_batch(n)
        with django_assert_max_num_queries(12):
            page = client.get(URL).content.decode()
        assert page.count('name="schools"') == min(n if n == 3 else 43, 60)
