"""Schools and diplomas imported from the national referentials, on extracts of the real files.

The extracts in `etablissements/data/` are lines cut from files the state publishes, kept byte for
byte (see the README there for their sources): the Annuaire de l'éducation of 2023 (UTF-8 with
BOM, `Code postal` with a space) and 2026 (`Code_postal`, and the JSON export), the BCN's
N_FORMATION_DIPLOME of 2020 and 2025 (Windows-1252) and V_FORMATION_DIPLOME (UTF-8 with BOM).
"""

import datetime
import json
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from etablissements.models import Diploma, School
from etablissements.referentials import (
    ReferentialFormatError,
    column_key,
    diplomas_import,
    level_label,
    schools_import,
)
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db

DATA = Path(__file__).resolve().parents[2] / "etablissements" / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCHOOLS_2023 = DATA / "fr-en-annuaire-education-35-2023-extrait.csv"
SCHOOLS_2023_CP1252 = FIXTURES / "fr-en-annuaire-education-35-2023-extrait-cp1252.csv"
SCHOOLS_2026 = DATA / "fr-en-annuaire-education-94-2026-extrait.csv"
SCHOOLS_2026_JSON = DATA / "fr-en-annuaire-education-94-2026-extrait.json"
DIPLOMAS_2025 = DATA / "bcn-n-formation-diplome-2025-extrait.csv"
DIPLOMAS_2020 = DATA / "bcn-n-formation-diplome-2020-extrait.csv"
APPRENTICESHIP_2025 = DATA / "bcn-v-formation-diplome-2025-extrait.csv"

# The 15 vocational establishments of the Ille-et-Vilaine extract, by the dataset's own fields.
LP = {"0350031U", "0351953H", "0350062C", "0350761M", "0350009V", "0351914R"}
LPO = {"0352072M", "0350030T", "0350005R", "0350048M"}
SEP = {"0352283S", "0352462L", "0350788S", "0351789E", "0352284T"}


def run(command, *args) -> str:
    out = StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_the_real_files_are_kept_as_published():
    assert SCHOOLS_2023.read_bytes().startswith(b"\xef\xbb\xbfIdentifiant_de_l_etablissement;")
    assert b";Code postal;" in SCHOOLS_2023.read_bytes().split(b"\r\n")[0]
    assert b";Code_postal;" in SCHOOLS_2026.read_bytes().split(b"\r\n")[0]
    with pytest.raises(UnicodeDecodeError):
        DIPLOMAS_2025.read_bytes().decode("utf-8")
    assert APPRENTICESHIP_2025.read_bytes().startswith(b"\xef\xbb\xbfFORMATION_DIPLOME;")


def test_column_names_are_read_in_either_case_and_with_their_variants():
    variants = ["Code postal", "Code_postal", "code_postal", "CODE-POSTAL"]
    assert {column_key(name) for name in variants} == {"code_postal"}
    assert column_key("\ufeffIdentifiant_de_l_etablissement") == "identifiant_de_l_etablissement"


def test_the_2023_export_loads_its_vocational_lycees_typed_by_the_dataset_fields():
    out = run("schools_import", str(SCHOOLS_2023))
    assert "créés : 15" in out and "ignorés (hors champ) : 11" in out and "rejetés : 0" in out
    kinds = dict(School.objects.values_list("uai", "kind"))
    assert {uai for uai, kind in kinds.items() if kind == "LP"} == LP
    assert {uai for uai, kind in kinds.items() if kind == "LPO"} == LPO
    assert {uai for uai, kind in kinds.items() if kind == "SEP"} == SEP
    # Named « Lycée professionnel et technologique… » but a section (code_nature 334): a SEP.
    assert School.objects.get(uai="0352462L").name.startswith("Lycée professionnel")
    # Named « Lycée professionnel Institution… » but a lycée polyvalent (306): an LPO.
    assert School.objects.get(uai="0352072M").name.startswith("Lycée professionnel")
    lp = School.objects.get(uai="0350031U")
    assert (lp.name, lp.town, lp.postcode, lp.academy, lp.address) == (
        "Lycée professionnel Jean Jaurès",
        "Rennes",
        "35205",
        "Rennes",
        "24 rue Victor Rault",
    )
    assert lp.latitude is not None and lp.longitude is not None
    assert not School.objects.filter(postcode="").exists()


def test_what_the_2023_export_holds_out_of_scope_stays_out():
    schools_import(path=SCHOOLS_2023)
    uais = set(School.objects.values_list("uai", flat=True))
    # A private technical school outside any contract (320, track empty), a LEGT, a section
    # générale, a lycée polyvalent without the vocational track, collèges, an école, an EREA.
    assert uais.isdisjoint(
        {"0350805K", "0350053T", "0352867B", "0350808N", "0352958A", "0350122T", "0350747X"}
    )
    # Listed twice in the export, once with the vocational track: one school, from its first line.
    assert School.objects.get(uai="0352072M").kind == "LPO"


def test_the_same_export_in_windows_1252_gives_the_same_schools():
    report = schools_import(path=SCHOOLS_2023_CP1252)
    assert (report.created, report.ignored, report.rejected) == (15, 11, [])
    assert School.objects.get(uai="0350761M").name == "Lycée professionnel Jean Guéhenno"


def test_schools_import_is_idempotent_on_uai_and_updates_what_changed():
    school = SchoolFactory(uai="0350031U", name="LP J. Jaurès", town="Rennes", bde_email="a@b.fr")
    first = schools_import(path=SCHOOLS_2023)
    assert (first.created, first.updated) == (14, 1)
    school.refresh_from_db()
    assert (school.name, school.kind) == ("Lycée professionnel Jean Jaurès", "LP")
    assert school.bde_email == "a@b.fr"  # what the file does not hold is kept
    again = schools_import(path=SCHOOLS_2023)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 15)


def test_schools_import_dry_run_writes_nothing():
    out = run("schools_import", str(SCHOOLS_2023), "--dry-run")
    assert "rien n’a été enregistré" in out and "créés : 15" in out
    assert not School.objects.exists()


def test_the_2026_exports_csv_and_json_are_read_and_say_they_hold_no_lycee():
    for path in (SCHOOLS_2026, SCHOOLS_2026_JSON):
        out = run("schools_import", str(path))
        assert "créés : 0" in out and "rejetés : 0" in out
        assert "Aucun lycée à voie professionnelle dans ce fichier." in out
    assert "ignorés (hors champ) : 4" in run("schools_import", str(SCHOOLS_2026))
    assert not School.objects.exists()


def test_a_json_export_record_with_a_vocational_track_is_imported(tmp_path):
    # The first real record of the JSON export, given a vocational track as a lycée's would be.
    record = json.loads(SCHOOLS_2026_JSON.read_text(encoding="utf-8"))[0]
    record.update(
        type_etablissement="Lycée",
        code_nature=320,
        voie_professionnelle=1,
    )
    path = tmp_path / "annuaire.json"
    path.write_text(json.dumps([record]), encoding="utf-8")
    assert schools_import(path=path).created == 1
    school = School.objects.get()
    assert (school.kind, school.postcode, school.town) == ("LP", "94260", "Fresnes")
    assert school.latitude == Decimal("48.75114")


def test_a_file_without_the_needed_columns_fails_with_expected_and_found(tmp_path):
    path = tmp_path / "autre.csv"
    path.write_text("uai;nom;ville\n0350031U;LP Jean Jaurès;Rennes\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        run("schools_import", str(path))
    message = str(error.value)
    assert "colonnes manquantes : identifiant_de_l_etablissement" in message
    assert "Colonnes attendues : identifiant_de_l_etablissement, nom_etablissement" in message
    assert "Colonnes trouvées : uai, nom, ville" in message
    with pytest.raises(ReferentialFormatError, match="colonnes manquantes : formation_diplome"):
        diplomas_import(path=SCHOOLS_2023)


def test_an_empty_file_or_one_whose_rows_are_all_refused_fails(tmp_path):
    header = SCHOOLS_2023.read_bytes().split(b"\r\n")[0]
    empty = tmp_path / "vide.csv"
    empty.write_bytes(header + b"\r\n")
    with pytest.raises(ReferentialFormatError, match="Aucune ligne lue"):
        schools_import(path=empty)
    diplomas = tmp_path / "codes.csv"
    diplomas.write_text(
        "FORMATION_DIPLOME;NIVEAU_FORMATION_DIPLOME;LIBELLE_COURT;LIBELLE_LONG_200;"
        "DATE_OUVERTURE;DATE_FERMETURE\n400255;400;BAC PRO;X;;\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferentialFormatError, match="Aucune ligne reconnue"):
        diplomas_import(path=diplomas)


def test_an_unknown_file_is_a_french_error():
    with pytest.raises(CommandError, match="Fichier introuvable"):
        run("schools_import", "/nulle/part.csv")


def test_the_2025_bcn_file_in_windows_1252_gives_codes_labels_levels_and_dates():
    out = run("diplomas_import", str(DIPLOMAS_2025))
    assert "créés : 15" in out and "rejetés : 0" in out
    melec = Diploma.objects.get(code="40025510")
    assert melec.kind == "BAC PRO"
    assert melec.label == "METIERS DE L'ELECTRICITE ET DE SES ENVIRONNEMENTS CONNECTES (BAC PRO)"
    assert melec.level == "BAC PROFESSIONNEL (niveau 4)"
    assert melec.valid_from == datetime.date(2016, 9, 1)
    assert melec.valid_until == datetime.date(2025, 8, 31)
    assert Diploma.objects.get(code="40025514").label.startswith("SYSTEMES NUMERIQUES OPTION B")
    assert Diploma.objects.get(code="50022137").level == (
        "CERTIFICAT D'APTITUDE PROFESSIONNELLE (niveau 3)"
    )
    assert Diploma.objects.get(code="32025520").level == "BREVET DE TECHNICIEN SUPERIEUR (niveau 5)"
    assert Diploma.objects.get(code="01025208").kind == "MC5"
    assert Diploma.objects.get(code="01025208").level == "MENTION COMPLEMENTAIRE"
    assert not Diploma.objects.filter(level__regex=r"^\d+$").exists()
    valid = set(Diploma.objects.valid_on(datetime.date(2026, 12, 1)).values_list("code", flat=True))
    assert "40025520" in valid and "40025510" not in valid and "40025506" not in valid


def test_the_2020_bcn_file_then_the_2025_one_close_melec_and_keep_its_code():
    first = diplomas_import(path=DIPLOMAS_2020)
    assert (first.created, first.rejected) == (11, [])
    assert Diploma.objects.get(code="40025510").valid_until is None
    assert Diploma.objects.get(code="40025514").kind == "BAC PRO"
    label = Diploma.objects.get(code="01025208").label
    assert label == "MAINTENANCE ET CONTROLES DES MATERIELS (MC NIVEAU V)"
    then = diplomas_import(path=DIPLOMAS_2025)
    assert then.created == 4  # 40025517, 40025519, 40025520, 56122103
    assert Diploma.objects.get(code="40025510").valid_until == datetime.date(2025, 8, 31)


def test_the_apprenticeship_table_in_utf8_with_bom_is_read_too():
    report = diplomas_import(path=APPRENTICESHIP_2025)
    assert (report.created, report.rejected) == (5, [])
    assert Diploma.objects.get(code="40025520").level == "BAC PROFESSIONNEL (niveau 4)"


def test_a_level_code_becomes_a_label_never_the_code():
    assert level_label("400") == "BAC PROFESSIONNEL (niveau 4)"
    assert level_label("561") == "CERTIFICAT DE SPECIALISATION DE NIVEAU 3 (niveau 3)"
    assert level_label("4ZY") == "niveau 4"  # not in the table: from its first digit
    assert level_label("400", "BAC PRO EN 3 ANS") == "BAC PRO EN 3 ANS (niveau 4)"


def test_diplomas_import_is_idempotent_and_dry_run_writes_nothing():
    run("diplomas_import", str(DIPLOMAS_2025), "--dry-run")
    assert not Diploma.objects.exists()
    diplomas_import(path=DIPLOMAS_2025)
    Diploma.objects.filter(code="50022135").update(label="ancien intitulé")
    again = diplomas_import(path=DIPLOMAS_2025)
    assert (again.created, again.updated, again.unchanged) == (0, 1, 14)
    assert Diploma.objects.get(code="50022135").label == "BOUCHER (CAP)"
