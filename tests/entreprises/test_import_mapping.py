"""The import, a little more forgiving: the schools' own titles, a mapping step for the others,
and a bad contact that leaves its company in."""

import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entreprises import imports
from entreprises.import_headers import guess_mapping, header_key
from entreprises.models import Company, Contact
from etablissements.roles import Role
from partenariats.models import Partnership
from tests.entreprises.factories import valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db

IMPORT = "entreprises_admin:import"
SIRET_A, SIRET_B = valid_siret(601), valid_siret(602)


def _xlsx(headers, *rows) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _csv(headers, *rows) -> bytes:
    lines = [";".join(headers)] + [";".join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _upload(client, content, name):
    return client.post(reverse(IMPORT), {"file": SimpleUploadedFile(name, content)})


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def rbde_client(client, school):
    client.force_login(staff_user(school, Role.RBDE))
    return client


# ---------------------------------------------------------------------------- headers


def test_titles_that_mean_the_same_field_are_recognised():
    assert header_key("N° SIRET") == header_key("Siret") == header_key(" siret ") == "siret"
    assert header_key("Nom de l’entreprise") == header_key("NOM ENTREPRISE")
    assert guess_mapping(
        ["Nom entreprise", "N° SIRET", "CP", "Ville", "E-mail", "Tél.", "Prénom", "Nom"]
    ) == ["name", "siret", "postcode", "town", "email", "phone", "first_name", "last_name"]
    assert guess_mapping(["Entreprise", "Siret", "Code postal", "Commune", "Mail"]) == [
        "name",
        "siret",
        "postcode",
        "town",
        "email",
    ]
    # A bare "Nom" is the company's when nothing else names it.
    assert guess_mapping(["Nom", "SIRET", "Courriel", "Téléphone"]) == [
        "name",
        "siret",
        "email",
        "phone",
    ]
    # The same field twice: the second column is left for the RBDE to map.
    assert guess_mapping(["Raison sociale", "Entreprise", "Remarques"]) == ["name", None, None]


def test_a_file_with_the_schools_own_titles_goes_straight_to_the_preview(rbde_client, school):
    content = _xlsx(
        ["Nom entreprise", "N° SIRET", "CP", "Ville", "Prénom", "Nom", "E-mail", "Tél"],
        ["Menuiserie Neuve", SIRET_A, 1000, "Bourg-en-Bresse", "Julie", "Lefèvre",
         "julie@menuiserie.example", "04 74 00 00 00"],
    )  # fmt: skip
    page = _text(_upload(rbde_client, content, "mon-tableau.xlsx"))
    assert "Aperçu de « mon-tableau.xlsx » : rien n’est encore enregistré" in page
    assert "Quelle colonne" not in page
    assert "Menuiserie Neuve Julie Lefèvre créée nouvelle entreprise ; contact ajouté" in page
    assert not Company.objects.exists()

    rbde_client.post(reverse(IMPORT), {"confirm": "1"})
    company = Company.objects.get(siret=SIRET_A)
    assert (company.name, company.postcode, company.town) == (
        "Menuiserie Neuve",
        "01000",
        "Bourg-en-Bresse",
    )
    julie = Contact.objects.get()
    assert (julie.first_name, julie.last_name, julie.email, julie.company) == (
        "Julie",
        "Lefèvre",
        "julie@menuiserie.example",
        company,
    )


# ---------------------------------------------------------------------------- mapping step

HEADERS = ["Entreprise", "Numéro d’établissement", "Remarques", "Adresse électronique"]
ROWS = (
    ["Garage du Pont", SIRET_A, "rappeler en mai", "paul@garage.example"],
    ["Fleurs et Cie", SIRET_B, "", ""],
)


def test_the_mapping_step_lists_the_columns_prefilled_and_saves_nothing(rbde_client):
    response = _upload(rbde_client, _csv(HEADERS, *ROWS), "partenaires.csv")
    page = response.content.decode()
    assert "Quelle colonne de « partenaires.csv » est laquelle ?" in page
    form = response.context["mapping_form"]
    assert [form[f"col_{i}"].label for i in range(4)] == [
        "Colonne A : « Entreprise »",
        "Colonne B : « Numéro d’établissement »",
        "Colonne C : « Remarques »",
        "Colonne D : « Adresse électronique »",
    ]
    # Pre-filled with what was recognised, "Ignorer" for the rest.
    assert [form[f"col_{i}"].value() for i in range(4)] == ["name", "", "", "email"]
    assert re.search(r'<option value="name" selected>Raison sociale \(obligatoire\)', page)
    assert "Ignorer cette colonne" in page
    assert "Exemples : « Garage du Pont » ; « Fleurs et Cie »" in page
    # The mapping form is the one the pupils' import shows too (one shared template).
    assert "common/_import_mapping_form.html" in [t.name for t in response.templates]
    assert 'name="map" value="1" class="button">Voir l’aperçu</button>' in page
    assert 'name="cancel" value="1" class="button button-secondary">Abandonner</button>' in page
    assert not Company.objects.exists()


def test_mapping_errors_are_french_and_keep_the_choices(rbde_client):
    _upload(rbde_client, _csv(HEADERS, *ROWS), "partenaires.csv")

    # The same field for two columns.
    response = rbde_client.post(
        reverse(IMPORT),
        {"map": "1", "col_0": "name", "col_1": "siret", "col_2": "name", "col_3": "email"},
    )
    page = _text(response)
    assert (
        "« Raison sociale » est choisi pour plusieurs colonnes (« Entreprise » et « Remarques ») "
        ": gardez-le pour une seule." in page
    )
    form = response.context["mapping_form"]
    assert [form[f"col_{i}"].value() for i in range(4)] == ["name", "siret", "name", "email"]

    # A required field on no column.
    page = _text(
        rbde_client.post(
            reverse(IMPORT), {"map": "1", "col_0": "name", "col_1": "", "col_2": "", "col_3": ""}
        )
    )
    assert "Aucune colonne n’est associée à « SIRET », qui est obligatoire" in page
    assert not Company.objects.exists()


def test_the_mapped_file_is_previewed_then_imported(rbde_client, school):
    _upload(rbde_client, _csv(HEADERS, *ROWS), "partenaires.csv")
    page = _text(
        rbde_client.post(
            reverse(IMPORT),
            {"map": "1", "col_0": "name", "col_1": "siret", "col_2": "", "col_3": "email"},
        )
    )
    assert "Aperçu de « partenaires.csv » : rien n’est encore enregistré" in page
    assert "2 lignes créeront une entreprise" in page
    # The e-mail has no name beside it: the contact is left out, the company comes in.
    assert "Contact incomplet : il faut son prénom et son nom." in page
    assert not Company.objects.exists()

    response = rbde_client.post(reverse(IMPORT), {"confirm": "1"}, follow=True)
    assert "2 entreprises créées" in _text(response)
    assert set(Company.objects.values_list("siret", "name")) == {
        (SIRET_A, "Garage du Pont"),
        (SIRET_B, "Fleurs et Cie"),
    }
    assert Partnership.objects.filter(school=school, status="prospect").count() == 2
    assert not Contact.objects.exists()


def test_mapping_after_the_file_is_forgotten_asks_for_it_again(rbde_client):
    response = rbde_client.post(reverse(IMPORT), {"map": "1", "col_0": "name"}, follow=True)
    assert "Le fichier n’est plus en mémoire : déposez-le à nouveau." in _text(response)
    _upload(rbde_client, _csv(HEADERS, *ROWS), "partenaires.csv")
    response = rbde_client.post(reverse(IMPORT), {"cancel": "1"}, follow=True)
    assert "rien n’a été enregistré" in _text(response)
    response = rbde_client.post(reverse(IMPORT), {"map": "1", "col_0": "name"}, follow=True)
    assert "Le fichier n’est plus en mémoire" in _text(response)


# ---------------------------------------------------------------------------- bad contact


def test_a_bad_contact_email_rejects_the_contact_not_the_company(rbde_client, school):
    content = _xlsx(
        ["SIRET", "Raison sociale", "Prénom du contact", "Nom du contact", "Courriel"],
        [SIRET_A, "Plomberie Sud", "Marc", "Roux", "marc.roux@@plomberie"],
        [SIRET_B, "Boucherie Nord", "Léa", "Petit", "lea@boucherie.example"],
    )
    rows = imports.import_read(content=content, filename="t.xlsx")
    first, second = imports.import_preview(rows)
    assert first.action == "créée" and first.reasons == []
    assert first.contact_skipped == "Courriel « marc.roux@@plomberie » invalide."

    page = _text(_upload(rbde_client, content, "t.xlsx"))
    assert (
        "Plomberie Sud Marc Roux créée nouvelle entreprise ; contact écarté : "
        "Courriel « marc.roux@@plomberie » invalide. (contact non importé)" in page
    )
    assert "1 contact sera écarté, son entreprise importée quand même" in page

    response = rbde_client.post(reverse(IMPORT), {"confirm": "1"}, follow=True)
    message = _text(response)
    assert "2 entreprises créées" in message and "1 contact ajouté" in message
    assert (
        "Contact écarté, son entreprise importée : ligne 2 : "
        "Courriel « marc.roux@@plomberie » invalide." in message
    )
    assert Company.objects.filter(siret=SIRET_A, partnerships__school=school).exists()
    assert list(Contact.objects.values_list("email", flat=True)) == ["lea@boucherie.example"]


def test_a_company_error_still_rejects_the_whole_row():
    content = _csv(
        ["SIRET", "Raison sociale", "Prénom du contact", "Nom du contact", "Courriel"],
        ["123", "Trop Court", "Marc", "Roux", "marc@@x"],
    )
    [result] = imports.import_preview(imports.import_read(content=content, filename="t.csv"))
    assert result.rejected
    assert "Courriel « marc@@x » invalide." in result.reasons
