"""Schools and diplomas imported from the national referentials (the extracts in the repo)."""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from etablissements.models import Diploma, School
from etablissements.referentials import diplomas_import, schools_import
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "etablissements" / "data"
SCHOOLS = DATA / "fr-en-annuaire-education-extrait.csv"
DIPLOMAS = DATA / "bcn-n-formation-diplome-extrait.csv"


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_schools_import_loads_the_vocational_lycees_and_reports(tmp_path):
    out = run("schools_import", str(SCHOOLS))
    assert "créés : 23" in out
    assert "ignorés (hors champ) : 6" in out  # a collège, a closed LP, 4 lycées without SEP
    assert "rejetés : 1" in out and "0311777A" in out and "lettre attendue est N" in out
    assert School.objects.count() == 23
    lp = School.objects.get(uai="0310047H")
    assert (lp.name, lp.kind, lp.town, lp.postcode, lp.academy) == (
        "Lycée professionnel Roland-Garros",
        "LP",
        "Toulouse",
        "31000",
        "Toulouse",
    )
    assert lp.address == "32 rue Roland-Garros"
    assert (lp.latitude, lp.longitude) == (Decimal("43.60954"), Decimal("1.45433"))
    assert School.objects.get(uai="0820021C").kind == "LPO"
    # A general lycée with a vocational track is its SEP.
    assert School.objects.get(uai="0650027B").kind == "SEP"
    assert not School.objects.filter(name__startswith="Collège").exists()
    assert not School.objects.filter(name__contains="fermé").exists()


def test_schools_import_is_idempotent_on_uai_and_updates_what_changed():
    school = SchoolFactory(uai="0310047H", name="LP R. Garros", town="Toulouse", bde_email="a@b.fr")
    first = schools_import(path=SCHOOLS)
    assert (first.created, first.updated) == (22, 1)
    school.refresh_from_db()
    assert school.name == "Lycée professionnel Roland-Garros"
    assert school.bde_email == "a@b.fr"  # what the file does not hold is kept
    again = schools_import(path=SCHOOLS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 23)
    assert School.objects.count() == 23


def test_schools_import_dry_run_writes_nothing():
    out = run("schools_import", str(SCHOOLS), "--dry-run")
    assert "rien n’a été enregistré" in out and "créés : 23" in out
    assert not School.objects.exists()


def test_schools_import_reads_the_json_export(tmp_path):
    rows = [
        {
            "identifiant_de_l_etablissement": "0310047H",
            "nom_etablissement": "Lycée professionnel Roland-Garros",
            "type_etablissement": "Lycée",
            "voie_professionnelle": "1",
            "nom_commune": "Toulouse",
            "code_postal": "31000",
            "libelle_academie": "Toulouse",
            "code_nature": "320",
            "latitude": 43.60954,
            "longitude": 1.45433,
        }
    ]
    path = tmp_path / "annuaire.json"
    path.write_text(json.dumps(rows), encoding="utf-8")
    assert schools_import(path=path).created == 1
    assert School.objects.get().latitude == Decimal("43.60954")


def test_an_unknown_file_is_a_french_error():
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("schools_import", "/nulle/part.csv")


def test_diplomas_import_loads_codes_labels_levels_and_dates():
    out = run("diplomas_import", str(DIPLOMAS))
    assert "créés : 17" in out and "rejetés : 1" in out and "4002551" in out
    melec = Diploma.objects.get(code="40025514")
    assert melec.kind == "BAC PRO"
    assert melec.label == "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES"
    assert melec.level == "BAC PROFESSIONNEL"
    assert melec.valid_from == datetime.date(2016, 9, 1) and melec.valid_until is None
    old = Diploma.objects.get(code="40025510")
    assert old.valid_until == datetime.date(2016, 8, 31)
    today = datetime.date(2026, 12, 1)
    valid = set(Diploma.objects.valid_on(today).values_list("code", flat=True))
    assert "40025514" in valid and "40025510" not in valid and "46022104" not in valid


def test_diplomas_import_is_idempotent_and_dry_run_writes_nothing():
    run("diplomas_import", str(DIPLOMAS), "--dry-run")
    assert not Diploma.objects.exists()
    diplomas_import(path=DIPLOMAS)
    Diploma.objects.filter(code="50022135").update(label="ancien intitulé")
    again = diplomas_import(path=DIPLOMAS)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 16)
    assert Diploma.objects.get(code="50022135").label == "CUISINE"
