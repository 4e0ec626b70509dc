"""Mission titles follow the texts of their year (arrêté of 8 September 2025, migration 0014)."""

import importlib

import pytest
from django.apps import apps

from pacte.catalogue import missions_of
from tests.pacte.factories import mission, year

pytestmark = pytest.mark.django_db

OPTIONS = "lp-faf-options"
OLD = "Permettre aux lycéens d’avoir des options"
NEW = "Intervention dans le cadre d’activités optionnelles dans la voie professionnelle"
rename = importlib.import_module("pacte.migrations.0014_options_mission_official_title")


def _title(label):
    return mission(OPTIONS, year(label)).title


def test_the_options_mission_takes_its_official_name_from_2025_2026_only():
    assert [_title(label) for label in ("2023-2024", "2024-2025")] == [OLD, OLD]
    assert [_title(label) for label in ("2025-2026", "2026-2027")] == [NEW, NEW]
    # The action the teacher reads is unchanged: the same optional activities.
    assert mission(OPTIONS, year("2025-2026")).action == mission(OPTIONS, year("2024-2025")).action


def test_the_catalogue_data_gives_the_same_titles_on_each_side_of_the_boundary():
    def title_in(label):
        return next(m["title"] for m in missions_of(label) if m["code"] == OPTIONS)

    assert title_in("2024-2025") == OLD
    assert title_in("2025-2026") == title_in("2026-2027") == NEW


def test_the_migration_goes_back_and_forth_and_keeps_an_administrators_title():
    edited = mission(OPTIONS, year("2026-2027"))
    edited.title = "Activités optionnelles (titre de l’académie)"
    edited.save(update_fields=["title"])
    rename.backwards(apps, None)
    assert _title("2025-2026") == OLD and _title("2024-2025") == OLD
    assert _title("2026-2027") == "Activités optionnelles (titre de l’académie)"
    rename.forwards(apps, None)
    assert _title("2025-2026") == NEW and _title("2024-2025") == OLD
    assert _title("2026-2027") == "Activités optionnelles (titre de l’académie)"
