"""2024-2025's half parts (migration 0015): a RCD half may open a Pacte, others follow a whole part.

Sources in docs/pacte-regles.md: [S10] (2024-2025: RCD « sécables (soit 9h) dès la 1ère part
allouée », other missions « d'abord une complète pour avoir une demi ») and [S4] (2025: the
opening half part, « jusqu'alors limitée au remplacement de courte durée », widened).
"""

import importlib
from decimal import Decimal

import pytest
from django.apps import apps

from pacte.models import Mission, PartFraction, SchoolYear
from pacte.services import PacteError, PartSpec, engagement_set_parts
from tests.etablissements.factories import SchoolFactory
from tests.pacte.factories import FAF, RCD, TUTORAT, direction, mission, year
from tests.pacte.test_rules import _fresh

pytestmark = pytest.mark.django_db

HALF = Decimal("0.5")
STAGES = "lp-faf-stages-reussite"
migration = importlib.import_module("pacte.migrations.0015_half_parts_2024_2025")


def _halves(label):
    return {
        (f.mission.part_kind, f.hours)
        for f in PartFraction.objects.filter(school_year__label=label, fraction=HALF)
    }


def _openers(label):
    rows = Mission.objects.filter(school_year__label=label, opens_with_half_part=True)
    return set(rows.values_list("code", flat=True))


def test_2024_2025_has_half_parts_and_rcd_alone_may_open_a_pacte():
    assert not PartFraction.objects.filter(school_year__label="2023-2024").exists()
    assert _halves("2024-2025") == _halves("2025-2026") == {("rcd", 9), ("face_a_face", 12)}
    assert not year("2023-2024").first_part_whole
    assert year("2024-2025").first_part_whole and year("2025-2026").first_part_whole
    assert _openers("2024-2025") == {RCD}
    assert _openers("2025-2026") == {RCD, STAGES}


def test_a_2024_2025_pacte_opens_with_a_rcd_half_not_with_a_stages_half():
    school = SchoolFactory()
    boss = direction(school)
    y = year("2024-2025")
    eng = _fresh(school, boss, "2024-2025")
    rcd_half = [PartSpec(mission=mission(RCD, y), parts=HALF)]
    part = engagement_set_parts(engagement=eng, parts=rcd_half, by=boss).parts.get()
    assert (part.parts, part.hours) == (HALF, 9)
    eng = _fresh(school, boss, "2024-2025")
    stages_half = [PartSpec(mission=mission(STAGES, y), parts=HALF)]
    with pytest.raises(PacteError, match="En 2024-2025, la première part d’un Pacte n’est pas"):
        engagement_set_parts(engagement=eng, parts=stages_half, by=boss)
    # A face-à-face half after a whole part: accepted, 12 h.
    face_half = PartSpec(mission=mission(FAF[0], y), parts=HALF)
    specs = [PartSpec(mission=mission(TUTORAT, y)), face_half]
    eng = engagement_set_parts(engagement=eng, parts=specs, by=boss)
    assert eng.parts.get(mission__code=FAF[0]).hours == 12


def test_the_migration_goes_back_and_keeps_what_the_administrator_changed():
    y = year("2024-2025")
    rcd = mission(RCD, y)
    PartFraction.objects.filter(school_year=y, mission=rcd).update(hours=10)  # the academy's
    migration.backwards(apps, None)
    assert _halves("2024-2025") == {("rcd", 10)}
    assert not SchoolYear.objects.get(pk=y.pk).first_part_whole
    assert _openers("2024-2025") == {RCD, STAGES}  # as migration 0009 had loaded it
    migration.forwards(apps, None)
    assert _halves("2024-2025") == {("rcd", 10), ("face_a_face", 12)}
    assert SchoolYear.objects.get(pk=y.pk).first_part_whole and _openers("2024-2025") == {RCD}
