"""Class lists from SIECLE or Pronote: headers recognised, each bad row with its reason,
nothing half-imported."""

from pathlib import Path

import pytest

from pfmp.imports import CREATED, REJECTED, UNCHANGED, ImportFileError, read_pupils
from pfmp.models import Pupil
from pfmp.services import pupils_import, pupils_import_preview

from .factories import PupilFactory, SchoolClassFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"

SIECLE = (
    "Nom de famille;Prénom 1;Date de naissance;Division\n"
    "MARTIN;Léa;01/02/2009;1MELEC\n"
    "DUPONT;Hugo;03/04/2009;1MELEC\n"
    "DUPONT;Hugo;03/04/2009;1MELEC\n"
    "BERNARD;Inès;05/06/2009;2MRC\n"
    "PETIT;Noé;07/08/2009;1MELEX\n"
    "DURAND;;09/10/2009;1MELEC\n"
    "LEROY;Jade;11/12/2009;1MELEC\n"
    "LEROY;Jade;11/12/2009;2MRC\n"
)


@pytest.fixture
def classes():
    melec = SchoolClassFactory(name="1MELEC")
    mrc = SchoolClassFactory(name="2MRC", school=melec.school, cycle_year="2nde_bp")
    return melec, mrc


def test_a_siecle_export_in_windows_1252_is_read_and_each_bad_row_says_why(classes):
    melec, _ = classes
    rows = read_pupils(content=SIECLE.encode("cp1252"), filename="export.csv")
    assert rows[0] == {
        "last_name": "MARTIN",
        "first_name": "Léa",
        "class_name": "1MELEC",
        "line": 2,
    }
    results = pupils_import_preview(rows=rows, school=melec.school, school_year="2026-2027")
    said = [(r.line, r.action, r.reason) for r in results]
    assert said[:2] == [(2, CREATED, ""), (3, CREATED, "")]
    assert said[2] == (4, REJECTED, "En double dans le fichier (ligne 3).")
    assert said[3][1] == CREATED
    assert said[4][1] == REJECTED and "Classe inconnue : « 1MELEX »" in said[4][2]
    assert said[5] == (7, REJECTED, "Il manque le nom ou le prénom.")
    assert said[7][1] == REJECTED and "Aussi dans la classe 1MELEC (ligne 8)" in said[7][2]


def test_the_import_saves_the_good_rows_once_and_tells_the_others(classes):
    melec, mrc = classes
    PupilFactory(school_class=mrc, first_name="Léa", last_name="Martin")
    rows = read_pupils(content=SIECLE.encode("utf-8-sig"), filename="export.csv")
    counts = pupils_import(rows=rows, school=melec.school, school_year="2026-2027")
    assert counts["created"] == 3
    reasons = {r.line: r.reason for r in counts["rejected"]}
    assert "Déjà inscrit en 2MRC" in reasons[2]
    assert sorted(Pupil.objects.values_list("last_name", "school_class__name")) == [
        ("BERNARD", "2MRC"),
        ("DUPONT", "1MELEC"),
        ("LEROY", "1MELEC"),
        ("Martin", "2MRC"),
    ]
    again = pupils_import(rows=rows, school=melec.school, school_year="2026-2027")
    assert again["created"] == 0 and again["unchanged"] == 3


def test_a_pronote_export_with_one_pupil_column(classes):
    melec, _ = classes
    content = "Élève,Classe\nDUPONT-MARTIN Léa Rose,1MELEC\n".encode()
    rows = read_pupils(content=content, filename="pronote.csv")
    assert (rows[0]["first_name"], rows[0]["last_name"]) == ("Léa Rose", "DUPONT-MARTIN")
    results = pupils_import_preview(rows=rows, school=melec.school, school_year="2026-2027")
    assert results[0].action == CREATED


def test_wrong_columns_are_refused_with_those_expected_and_those_found(classes):
    with pytest.raises(ImportFileError) as error:
        read_pupils(content=b"SIRET;Raison sociale\n1;A\n", filename="x.csv")
    text = " ".join(error.value.messages)
    assert "Colonnes introuvables : Nom, Prénom, Classe" in text
    assert "« SIRET », « Raison sociale »" in text


def test_another_schools_classes_are_unknown(classes):
    other = SchoolClassFactory(name="1MELEC")  # same name, another school
    rows = [{"last_name": "A", "first_name": "B", "class_name": "1MELEC", "line": 2}]
    results = pupils_import_preview(rows=rows, school=other.school, school_year="2026-2027")
    assert results[0].action == CREATED
    pupils_import(rows=rows, school=other.school, school_year="2026-2027")
    assert Pupil.objects.get().school_class == other
    assert UNCHANGED == "déjà inscrit"


def test_a_siecle_extraction_with_its_real_headers_is_read_without_the_guardians(classes):
    """The headers of a SIECLE CSV extraction (source: tests/pfmp/fixtures/README.md): the
    pupil's columns are read, the legal guardians' « Nom de famille resp. légal1 »… are not."""
    melec, _ = classes
    content = (FIXTURES / "siecle-extraction-eleves.csv").read_bytes()
    rows = read_pupils(content=content, filename="siecle-extraction-eleves.csv")
    assert [(r["last_name"], r["first_name"], r["class_name"]) for r in rows] == [
        ("MARTIN", "Léa", "1MELEC"),
        ("DUPONT-LEROY", "Hugo", "1MELEC"),
    ]
    assert all("@" not in value for row in rows for value in map(str, row.values()))
    results = pupils_import_preview(rows=rows, school=melec.school, school_year="2026-2027")
    assert [r.action for r in results] == [CREATED, CREATED]
