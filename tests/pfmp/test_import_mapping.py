"""A class list whose headers are not SIECLE's or Pronote's is not refused: the RBDE says which
column holds the name, the first name and the class (prefilled by the best guess), keeps her
choices on an error, then sees the preview as with a known file."""

import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from etablissements.roles import Role
from pfmp.imports import best_guess, import_table
from pfmp.models import Pupil
from tests.etablissements.factories import SchoolFactory, staff_user

from .factories import SchoolClassFactory

pytestmark = pytest.mark.django_db

URL = "/admin/pfmp/tableau/importer/"
OTHER_HEADERS = (
    "N° interne;Apprenant - nom;Apprenant - prénom;Groupe classe;Né(e) le\n"
    "17;MARTIN;Léa;1MELEC;01/02/2009\n"
    "18;DUPONT;Hugo;1MELEC;03/04/2009\n"
)
NO_WORDS = "A;B;C\nLéa;MARTIN;1MELEC\nHugo;DUPONT;1MELEC\n"


@pytest.fixture
def melec():
    return SchoolClassFactory(name="1MELEC")


@pytest.fixture
def rbde(client, melec):
    client.force_login(staff_user(melec.school, Role.RBDE))


def _upload(client, text: str, name="liste.csv"):
    return client.post(
        URL,
        {"file": SimpleUploadedFile(name, text.encode("cp1252")), "school_year": "2026-2027"},
    ).content.decode()


def _selected(page: str, field: str) -> str:
    select = re.search(rf'<select name="{field}".*?</select>', page, re.S).group(0)
    found = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return found.group(1) if found else ""


def test_the_best_guess_reads_the_headers_words_and_the_class_names(melec):
    table = import_table(content=OTHER_HEADERS.encode(), filename="x.csv")
    assert best_guess(table) == [None, "last_name", "first_name", "class_name", None]
    table = import_table(content=NO_WORDS.encode(), filename="x.csv")
    assert best_guess(table, ["1MELEC", "2MRC"]) == [None, None, "class_name"]
    assert best_guess(table) == [None, None, None]


def test_a_file_with_other_headers_is_mapped_then_previewed_and_imported(client, rbde):
    page = _upload(client, OTHER_HEADERS)
    assert "Quelle colonne de « liste.csv » est laquelle ?" in page
    assert "Colonnes introuvables" not in page
    assert (_selected(page, "last_name"), _selected(page, "first_name")) == ("1", "2")
    assert _selected(page, "class_name") == "3" and "ex. MARTIN, DUPONT" in page
    assert not Pupil.objects.exists()
    preview = client.post(
        URL, {"map": "1", "last_name": "1", "first_name": "2", "class_name": "3"}
    ).content.decode()
    assert "rien n’est encore enregistré" in preview and "2 élèves à ajouter" in preview
    assert "Nom ← colonne B « Apprenant - nom »" in preview
    client.post(URL, {"confirm": "1"})
    assert sorted(Pupil.objects.values_list("first_name", "last_name")) == [
        ("Hugo", "DUPONT"),
        ("Léa", "MARTIN"),
    ]


def test_a_mapping_error_keeps_what_the_rbde_chose(client, rbde):
    page = _upload(client, NO_WORDS)
    assert _selected(page, "class_name") == "2"  # its values are the year's class names
    response = client.post(
        URL, {"map": "1", "last_name": "0", "first_name": "0", "class_name": "2"}
    )
    page = response.content.decode()
    assert "Cette colonne est déjà choisie pour « Nom »" in page
    # The mapping form is the one the companies' import shows too (one shared template).
    assert "common/_import_mapping_form.html" in [t.name for t in response.templates]
    assert 'name="map" value="1" class="button">Voir l’aperçu</button>' in page
    assert [_selected(page, f) for f in ("last_name", "first_name", "class_name")] == [
        "0",
        "0",
        "2",
    ]
    page = client.post(URL, {"map": "1", "last_name": "1", "class_name": "2"}).content.decode()
    assert "Choisissez la colonne de : Prénom." in page
    assert _selected(page, "last_name") == "1"
    assert not Pupil.objects.exists()
    preview = client.post(
        URL, {"map": "1", "last_name": "1", "first_name": "0", "class_name": "2"}
    ).content.decode()
    assert "Léa" in preview and "MARTIN" in preview


def test_the_mapping_step_is_the_uploaders_only(client, rbde, melec):
    page = _upload(client, OTHER_HEADERS)
    assert "MARTIN" in page
    other = Client()  # another school's RBDE: her own session, no file in it
    other.force_login(staff_user(SchoolFactory(), Role.RBDE))
    response = other.post(URL, {"map": "1", "last_name": "1", "first_name": "2"})
    assert response.status_code == 302 and response["Location"].endswith(URL)
    assert "MARTIN" not in other.get(URL).content.decode()
    client.logout()
    assert client.post(URL, {"map": "1", "last_name": "1"}).status_code == 302  # to log in
    teacher = Client()
    teacher.force_login(staff_user(melec.school, Role.TEACHER))
    assert teacher.get(URL).status_code in (302, 403)
    assert not Pupil.objects.exists()


def test_a_siecle_extraction_goes_straight_to_the_preview(client, rbde):
    path = Path(__file__).parent / "fixtures" / "siecle-extraction-eleves.csv"
    page = _upload(client, path.read_text(encoding="utf-8"), name="siecle.csv")
    assert "Quelle colonne" not in page and "2 élèves à ajouter" in page
    assert "Prénom ← colonne B « Prénom 1 »" in page and "paul.martin" not in page


def test_a_pronote_class_list_goes_straight_to_the_preview_with_its_columns(client, rbde):
    """The headers of a Pronote « Élèves » export as a public reader of it has them (source:
    tests/pfmp/fixtures/README.md): « Nom », « Prénom », « Classe » are pre-selected and
    « Prénom d'usage », the birth date, the support plan are left out."""
    text = (Path(__file__).parent / "fixtures" / "pronote-liste-eleves.csv").read_text("utf-8")
    table = import_table(content=text.encode(), filename="pronote.csv")
    guess = best_guess(table)
    assert guess[:6] == ["last_name", "first_name", None, None, None, "class_name"]
    assert set(guess[6:]) == {None}
    page = _upload(client, text, name="pronote.csv")
    assert "Quelle colonne" not in page and "2 élèves à ajouter" in page
    assert (
        "Nom ← colonne A « Nom » ; Prénom ← colonne B « Prénom » ; Classe ← colonne F « Classe »"
        in page
    )
    assert "Hugo Marc" in page and "Lili" not in page and "14/02/2010" not in page
    client.post(URL, {"confirm": "1"})
    assert sorted(Pupil.objects.values_list("last_name", "first_name")) == [
        ("DUPONT-LEROY", "Hugo Marc"),
        ("MARTIN", "Léa"),
    ]
