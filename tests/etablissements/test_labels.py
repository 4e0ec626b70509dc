"""Every staff screen names its rows in French with gender and number, and reads booleans."""

import re

import pytest

from etablissements.labels import Noun
from etablissements.roles import Role
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db

RAW = re.compile(r"un\(e\)|Le\(la\)|créé\(e\)|\bTrue\b|\bFalse\b|\bNone\b")


def visible(page: str) -> str:
    """The text a person reads: no scripts, templates, attributes or tags."""
    page = re.sub(r"<(script|template|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"<[^>]+>", " ", page)


def test_nouns_agree_in_gender_and_number():
    company = Noun("entreprise", "entreprises", feminine=True)
    partnership = Noun("partenariat", "partenariats")
    school = Noun("établissement", "établissements")

    assert company.a == "une entreprise" and partnership.a == "un partenariat"
    assert company.the == "l’entreprise" and partnership.the == "le partenariat"
    assert company.new == "nouvelle entreprise" and school.new == "nouvel établissement"
    assert school.this == "cet établissement" and partnership.this == "ce partenariat"
    assert company.agree("créé") == "créée" and partnership.agree("créé") == "créé"
    assert company.of == "de l’entreprise" and partnership.of == "du partenariat"
    assert Noun("formation", "formations", feminine=True).of == "de la formation"
    assert partnership.count(1) == "1 partenariat" and partnership.count(3) == "3 partenariats"


@pytest.fixture
def rbde_client(client):
    school = SchoolFactory()
    client.force_login(staff_user(school, Role.RBDE))
    client.school = school
    return client


@pytest.mark.parametrize(
    "url, label",
    [
        ("/admin/entreprises/", "Ajouter une entreprise"),
        ("/admin/partenariats/", "Ajouter un partenariat"),
        ("/admin/formations/sessions/", "Ajouter une formation des tuteurs"),
        ("/admin/formations/mentorat/", "Ajouter un binôme de mentorat"),
        ("/admin/formations/evenements/", "Ajouter un événement partenaire"),
        ("/admin/propositions/diplomes/", "Ajouter un diplôme préparé"),
    ],
)
def test_each_list_has_its_own_add_label(rbde_client, url, label):
    page = rbde_client.get(url).content.decode()

    assert label in page
    assert not RAW.search(visible(page)), RAW.search(visible(page))


def test_a_form_with_errors_says_so_with_the_right_gender(rbde_client):
    page = rbde_client.post("/admin/formations/sessions/new/", {"title": ""}).content.decode()

    assert "La formation des tuteurs n’a pas pu être créée" in page
    assert "Le(la)" not in page
    assert "Nouvelle formation des tuteurs" in page


def test_booleans_read_oui_non_in_lists_and_exports(rbde_client):
    partnership = PartnershipFactory(school=rbde_client.school)
    RoadmapActionFactory(partnership=partnership, title="Visite d’atelier", done=True)

    page = rbde_client.get("/admin/partenariats/feuille-de-route/").content.decode()
    csv = b"".join(rbde_client.get("/admin/entreprises/?export=csv").streaming_content).decode()

    row = re.search(r"Visite d’atelier.*?</tr>", page, re.S).group(0)
    assert re.search(r">\s*oui\s*<", row)
    assert not RAW.search(visible(page))
    first_line = csv.splitlines()[1]
    assert first_line.endswith(";non;non;non") or ";oui" in first_line or ";non" in first_line
    assert "True" not in csv and "False" not in csv


def test_a_record_reads_oui_non_and_leaves_empty_fields_out(rbde_client):
    from tests.entreprises.factories import CompanyFactory

    company = CompanyFactory(label_cmq=True, label_ptech=False, website="")
    PartnershipFactory(school=rbde_client.school, company=company)

    page = visible(rbde_client.get(f"/admin/entreprises/inspect/{company.pk}/").content.decode())

    assert re.search(r"Campus des métiers et des qualifications\s+oui", page)
    assert re.search(r"P-TECH\s+non", page)
    assert "Site internet" not in page  # empty: said nothing, not "None"
    assert not RAW.search(page), RAW.search(page)


def test_exports_read_the_label_of_a_code(rbde_client):
    from tests.entreprises.factories import ContactFactory

    ContactFactory(consent_method="ecrit", schools=[rbde_client.school])

    csv = b"".join(rbde_client.get("/admin/contacts/?export=csv").streaming_content).decode()

    assert ";ecrit" not in csv
    assert "écrit" in csv.splitlines()[1]


def test_wagtail_yes_no_cells_read_oui_non(client, django_user_model):
    """Wagtail's own user list marks each account active with an icon whose hidden text was the
    raw "True"; a screen-reader user now hears "oui"."""
    admin = django_user_model.objects.create_superuser("chef", "chef@example.org", "x")
    django_user_model.objects.create_user("parti", "parti@example.org", "x", is_active=False)
    client.force_login(admin)

    page = visible(client.get("/admin/users/").content.decode())

    assert RAW.search(page) is None
    assert re.search(r"\boui\b", page) and re.search(r"\bnon\b", page)


def test_wagtail_workflow_list_is_a_list_in_french(client, django_user_model):
    """Wagtail's default moderation workflow reads in French, and its steps are list items (Wagtail
    8.0 wrapped each <li> in a link: axe "list", serious)."""
    client.force_login(django_user_model.objects.create_superuser("chef", "c@example.org", "x"))

    page = client.get("/admin/workflows/list/").content.decode()

    assert "Validation par les modérateurs" in visible(page)
    assert "Moderators" not in visible(page)
    steps = re.search(r'<ul class="workflow-tasks">(.*?)</ul>', page, flags=re.S).group(1)
    assert re.match(r"\s*<li\b", steps) and "<a" in steps.split("<li", 2)[1]


def test_an_active_yes_no_filter_reads_oui_non(rbde_client):
    """The filter's pill above the list reads "réalisée : oui", not "True"."""
    partnership = PartnershipFactory(school=rbde_client.school)
    RoadmapActionFactory(partnership=partnership, title="Visite d’atelier", done=True)

    for value, word in (("true", "oui"), ("false", "non")):
        page = rbde_client.get(f"/admin/partenariats/feuille-de-route/?done={value}")
        text = re.sub(r"\s+", " ", visible(page.content.decode()))
        assert f"réalisée : {word}" in text
        assert not RAW.search(text)


def test_a_records_title_reads_the_french_colon(rbde_client):
    partnership = PartnershipFactory(school=rbde_client.school)
    page = rbde_client.get(f"/admin/partenariats/inspect/{partnership.pk}/").content.decode()
    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert " : " in title and not re.search(r"\S: ", title)


def test_a_column_of_a_related_name_is_headed_by_the_relation(rbde_client):
    PartnershipFactory(school=rbde_client.school)
    page = rbde_client.get("/admin/partenariats/").content.decode()
    listing = re.search(r'<table[^>]*class="[^"]*listing.*?</thead>', page, re.S).group(0)
    headings = re.sub(r"\s+", " ", visible(listing))
    assert "Entreprise" in headings and "raison sociale" not in headings


def test_an_empty_list_says_what_it_is_for(rbde_client):
    text = re.sub(r"\s+", " ", visible(rbde_client.get("/admin/rappels/journal/").content.decode()))
    assert "Aucun rappel pour le moment." in text
    assert "s’inscrivent ici" in text
    assert "Aucun élément à afficher" not in text


def test_a_record_is_a_fiche_and_the_row_menu_says_so(rbde_client):
    partnership = PartnershipFactory(school=rbde_client.school)

    listing = rbde_client.get("/admin/partenariats/").content.decode()
    record = rbde_client.get(f"/admin/partenariats/inspect/{partnership.pk}/").content.decode()

    link = rf'href="/admin/partenariats/inspect/{partnership.pk}/"[^>]*>(?:(?!</a>).)*</a>'
    assert any("Voir la fiche" in a for a in re.findall(link, listing, re.S))
    assert "Inspecter" not in visible(listing) and "Inspecter" not in visible(record)
    assert re.search(r"<h1[^>]*>.*?Fiche du partenariat : ", record, re.S)


def test_rows_that_a_copy_would_only_duplicate_offer_no_copy(rbde_client):
    """A partnership is one per company and school, a journal entry happened once: no « Copier »
    in their row menus, and no copy page behind."""
    partnership = PartnershipFactory(school=rbde_client.school)
    InteractionFactory(partnership=partnership)

    for url in ("/admin/partenariats/", "/admin/partenariats/journal/"):
        listing = rbde_client.get(url).content.decode()
        assert "Voir la fiche" in listing or "Modifier" in listing
        assert "Copier" not in visible(listing), url
    copy = rbde_client.get(f"/admin/partenariats/copy/{partnership.pk}/")
    assert copy.status_code == 404
    assert "Copier" not in copy.content.decode()


def test_the_csv_export_opens_in_a_french_spreadsheet(rbde_client):
    """A double click opens it in French Excel: UTF-8 said by a BOM, columns split on « ; »."""
    from tests.entreprises.factories import CompanyFactory

    company = CompanyFactory(name="Boulangerie Élodie, Fils & Cie", town="Montauban")
    PartnershipFactory(school=rbde_client.school, company=company)

    raw = b"".join(rbde_client.get("/admin/entreprises/?export=csv").streaming_content)

    assert raw.startswith("\ufeff".encode())
    header, row = raw.decode("utf-8-sig").splitlines()[:2]
    assert header.startswith("SIRET;Raison sociale;Code NAF (APE);")
    assert row.startswith(f"{company.siret};Boulangerie Élodie, Fils & Cie;")
    assert ";Montauban;" in row
