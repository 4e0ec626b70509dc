"""Import of a school's spreadsheet: preview row by row, nothing written before confirming,
the whole import in one transaction."""

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from entreprises import imports
from entreprises.models import Company, Contact
from etablissements.roles import Role
from partenariats.models import Partnership
from partenariats.services import companies_import
from tests.entreprises.factories import CompanyFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user

pytestmark = pytest.mark.django_db

HEADERS = list(imports.COLUMNS.values())
NEW_SIRET = valid_siret(501)
KNOWN_SIRET = valid_siret(502)
BAD_CHECKSUM = NEW_SIRET[:-1] + str((int(NEW_SIRET[-1]) + 1) % 10)


def _row(siret, name, first="", last="", email="", **extra):
    values = {
        "SIRET": siret,
        "Raison sociale": name,
        "Code NAF": extra.get("naf", "43.21A"),
        "Adresse": "",
        "Code postal": extra.get("postcode", "31000"),
        "Commune": extra.get("town", "Toulouse"),
        "Site internet": "",
        "Prénom du contact": first,
        "Nom du contact": last,
        "Rôle": extra.get("role", "tutrice"),
        "Courriel": email,
        "Téléphone": "",
    }
    return [values[h] for h in HEADERS]


ROWS = [
    _row(NEW_SIRET, "Menuiserie Neuve", "Julie", "Lefèvre", "julie@menuiserie.example"),
    _row(KNOWN_SIRET, "Garage Connu", "Paul", "Sicard", "paul@garage.example"),
    _row(BAD_CHECKSUM, "Siret Faux"),
    _row(valid_siret(503), ""),
    _row(NEW_SIRET, "Menuiserie Neuve", "Julie", "Lefèvre", "julie@menuiserie.example"),
    _row("123", "Trop Court"),
]


def _csv(rows=ROWS, delimiter=";") -> bytes:
    lines = [delimiter.join(HEADERS)] + [delimiter.join(r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def _xlsx(rows=ROWS) -> bytes:
    return tablib.Dataset(*rows, headers=HEADERS).export("xlsx")


@pytest.fixture
def school():
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def known():
    return CompanyFactory(siret=KNOWN_SIRET, name="Garage Connu", website="")


# ---------------------------------------------------------------------------- services


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_preview_says_row_by_row_what_will_happen_and_writes_nothing(fmt, known):
    content = _csv() if fmt == "csv" else _xlsx()
    rows = imports.import_read(content=content, filename=f"tableau.{fmt}")
    results = imports.import_preview(rows)

    assert [(r.line, r.action) for r in results] == [
        (2, "créée"),
        (3, "mise à jour"),
        (4, "rejetée"),
        (5, "rejetée"),
        (6, "rejetée"),
        (7, "rejetée"),
    ]
    assert "clé de contrôle est fausse" in results[2].reasons[0]
    assert results[3].reasons == ["Raison sociale manquante."]
    assert results[4].reasons == ["Doublon de la ligne 2 du fichier."]
    assert "14 chiffres" in results[5].reasons[0]
    assert Company.objects.count() == 1 and not Contact.objects.exists()


def test_apply_creates_fills_and_attaches_to_the_school(school, known):
    rows = imports.import_read(content=_csv(), filename="tableau.csv")
    counts = companies_import(rows=rows, school=school)

    assert counts == {
        "créée": 1,
        "mise à jour": 1,
        "rejetée": 4,
        "contacts": 2,
        "contacts_skipped": [],
    }
    new = Company.objects.get(siret=NEW_SIRET)
    assert new.name == "Menuiserie Neuve" and new.departement == "31"
    assert set(Partnership.objects.values_list("company__name", "school", "status")) == {
        ("Menuiserie Neuve", school.pk, "prospect"),
        ("Garage Connu", school.pk, "prospect"),
    }
    julie = Contact.objects.get(email="julie@menuiserie.example")
    assert julie.role == "tuteur" and list(julie.schools.all()) == [school]
    assert julie.consent_method == "import" and julie.consent_given_at is not None
    assert not Company.objects.filter(name__in=["Siret Faux", "Trop Court"]).exists()
    # Applying the same file again creates nothing more.
    companies_import(rows=rows, school=school)
    assert Company.objects.count() == 2 and Contact.objects.count() == 2


def test_apply_is_one_transaction(school, known, monkeypatch):
    from partenariats.services import companies

    calls = []
    original = companies.partnership_get_or_create

    def fail_on_second(**kwargs):
        calls.append(kwargs)
        if len(calls) == 2:
            raise RuntimeError("la base a lâché")
        return original(**kwargs)

    monkeypatch.setattr(companies, "partnership_get_or_create", fail_on_second)
    rows = imports.import_read(content=_csv(), filename="tableau.csv")
    with pytest.raises(RuntimeError):
        companies_import(rows=rows, school=school)
    assert list(Company.objects.values_list("siret", flat=True)) == [KNOWN_SIRET]
    assert not Partnership.objects.exists() and not Contact.objects.exists()


def test_a_file_without_the_headers_says_which_are_missing():
    with pytest.raises(imports.ImportFileError) as error:
        imports.import_read(content=b"adresse;ville\nA;B\n", filename="x.csv")
    assert "Colonnes introuvables : SIRET, Raison sociale" in error.value.messages[0]
    with pytest.raises(imports.ImportFileError):
        imports.import_read(content=b"not a spreadsheet", filename="x.xlsx")


# ---------------------------------------------------------------------------- screens


def _upload(client, content, name):
    return client.post(
        reverse("entreprises_admin:import"),
        {"file": SimpleUploadedFile(name, content)},
    )


def test_upload_shows_the_preview_then_confirm_applies(client, school, known):
    client.force_login(staff_user(school, Role.RBDE))
    index = client.get(reverse("entreprises_admin:index")).content.decode()
    assert reverse("entreprises_admin:import") in index

    page = _upload(client, _xlsx(), "tableau.xlsx").content.decode()
    assert "rien n’est encore enregistré" in page
    assert "1 ligne créera une entreprise, 1 complétera une entreprise déjà connue" in page
    assert "(s)" not in page
    assert "Doublon de la ligne 2 du fichier." in page and "Raison sociale manquante." in page
    assert not Company.objects.filter(siret=NEW_SIRET).exists()

    response = client.post(reverse("entreprises_admin:import"), {"confirm": "1"}, follow=True)
    done = response.content.decode()
    assert "1 entreprise créée, 1 entreprise mise à jour, 2 contacts ajoutés" in done
    assert "(s)" not in done
    assert Company.objects.filter(siret=NEW_SIRET, partnerships__school=school).exists()


def test_cancelling_writes_nothing_and_a_bad_file_says_why(client, school):
    client.force_login(staff_user(school, Role.RBDE))
    _upload(client, _csv(), "tableau.csv")
    response = client.post(reverse("entreprises_admin:import"), {"cancel": "1"}, follow=True)
    assert "rien n’a été enregistré" in response.content.decode()
    assert not Company.objects.exists()

    page = _upload(client, b"%PDF-1.4", "tableau.pdf").content.decode()
    assert "Envoyez un fichier .csv ou .xlsx." in page
    page = _upload(client, b";;\nA;B;C\n", "tableau.csv").content.decode()
    assert "La première ligne du fichier doit donner le titre de chaque colonne" in page
    # Titles it does not know: the mapping step, not a refusal.
    page = _upload(client, b"nom,lieu\nA,B\n", "tableau.csv").content.decode()
    assert "Quelle colonne de « tableau.csv » est laquelle ?" in page


def test_teachers_cannot_import(client, school):
    client.force_login(staff_user(school, Role.TEACHER))
    response = client.get(reverse("entreprises_admin:import"), follow=True)
    assert "Voir l’aperçu" not in response.content.decode()
    _upload(client, _csv(), "tableau.csv")
    client.post(reverse("entreprises_admin:import"), {"confirm": "1"})
    assert not Company.objects.exists()


def test_codes_stored_as_numbers_in_excel_get_their_leading_zeros_back():
    # Excel keeps SIRET 01234567400019 and postcode 01000 as the numbers 1234567400019 and 1000.
    headers = ["SIRET", "Raison sociale", "Code postal", "Commune"]
    content = tablib.Dataset(
        (1234567400019, "Fromagerie de l’Ain", 1000, "Bourg-en-Bresse"), headers=headers
    ).export("xlsx")
    rows = imports.import_read(content=content, filename="tableau.xlsx")
    assert rows[0]["siret"] == "01234567400019" and rows[0]["postcode"] == "01000"
    [result] = imports.import_preview(rows)
    assert result.action == "créée", result.reasons
