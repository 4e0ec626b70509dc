from decimal import Decimal

import pytest

from pacte.models import Engagement, PartKind
from pacte.services import (
    PacteError,
    PartSpec,
    engagement_create,
    engagement_set_parts,
)
from tests.pacte.factories import (
    FAF,
    LIEN,
    RCD,
    TUTORAT,
    SchoolFactory,
    SchoolYearFactory,
    direction,
    engagement,
    mission,
    profile,
    rbde,
    reference_specs,
    teacher,
    year,
)

pytestmark = pytest.mark.django_db


def _fresh(school, by=None, status="plp"):
    user = teacher(school)
    profile(user, school, status)
    return engagement_create(
        teacher=user, school=school, school_year=year(), by=by or direction(school)
    )


def test_the_reference_composition_is_accepted_and_priced_from_the_year():
    eng = engagement()
    eng = Engagement.objects.with_related().get(pk=eng.pk)
    assert eng.composition() == {PartKind.RCD: 1, PartKind.FACE_TO_FACE: 3, PartKind.FORFAIT: 2}
    assert eng.is_reference
    assert eng.composition_label == "1 RCD + 3 face-à-face + 2 forfaits"
    assert eng.total_parts == 6
    assert eng.amount == Decimal("7500.00")
    assert eng.planned_hours == 18 + 3 * 24
    lien = eng.lien_parts()[0]
    assert lien.targets == {"formations_animees": 2, "partenariats_suivis": 10}
    # Content defaults to the catalogue's description when the direction leaves it empty.
    assert "tuteurs de stage" in lien.content


def test_the_amount_uses_the_value_of_the_engagements_own_year_within_its_cap():
    dear = SchoolYearFactory(part_value=Decimal("1400.00"), yearly_cap=Decimal("7500.00"))
    school = SchoolFactory()
    by = direction(school)
    # 6 parts × 1 400 € = 8 400 €: the cap is a limit of its own, not a silent trim.
    with pytest.raises(PacteError, match="dépasse le plafond annuel de 7.500.€"):
        engagement(school, school_year=dear, by=by, specs=None)
    four = [PartSpec(mission=mission(code, dear)) for code in [*FAF, LIEN]]
    eng = Engagement.objects.get(school_year=dear)
    eng = engagement_set_parts(engagement=eng, parts=four, by=by)
    assert Engagement.objects.get(pk=eng.pk).amount == Decimal("5600.00")


def test_more_than_six_parts_is_refused_even_with_a_derogation():
    school = SchoolFactory()
    by = direction(school)
    eng = _fresh(school, by)
    specs = reference_specs()
    specs[1].parts = 2  # options on two levels: 7 parts
    with pytest.raises(
        PacteError, match="au plus 6.parts en 2026-2027 ; cette composition en compte 7"
    ):
        engagement_set_parts(engagement=eng, parts=specs, by=by)
    assert not eng.parts.exists()


def test_a_mission_twice_is_refused_with_a_french_message():
    school = SchoolFactory()
    eng = _fresh(school)
    specs = [PartSpec(mission=mission(RCD)), PartSpec(mission=mission(RCD))]
    with pytest.raises(PacteError, match="figure deux fois"):
        engagement_set_parts(engagement=eng, parts=specs, by=rbde(school))


def test_a_forfait_counts_for_one_part_only():
    school = SchoolFactory()
    eng = _fresh(school)
    with pytest.raises(PacteError, match="compte pour une part au plus"):
        engagement_set_parts(
            engagement=eng, parts=[PartSpec(mission=mission(LIEN), parts=2)], by=direction(school)
        )


@pytest.mark.parametrize(
    "codes",
    [
        [RCD, *FAF, LIEN],  # 1 RCD + 3 face-à-face + 1 forfait
        [*FAF, LIEN, TUTORAT],  # no RCD
        [LIEN],  # a single forfait
    ],
)
def test_the_direction_and_the_rbde_compose_freely_within_the_hard_rules(codes):
    """The reference mix is a guide (« il appartient au chef d'établissement de l'adapter »):
    no dérogation, no reason to give."""
    school = SchoolFactory()
    for by in (direction(school), rbde(school)):
        eng = _fresh(school)
        specs = [PartSpec(mission=mission(code)) for code in codes]
        eng = engagement_set_parts(engagement=eng, parts=specs, by=by)
        assert eng.parts.count() == len(codes)
        assert not Engagement.objects.with_related().get(pk=eng.pk).is_reference


def test_a_mission_of_another_years_catalogue_is_refused():
    school = SchoolFactory()
    eng = _fresh(school)
    old = mission(RCD, year("2025-2026"))
    with pytest.raises(PacteError, match="n’est pas au catalogue de l’année 2026-2027"):
        engagement_set_parts(engagement=eng, parts=[PartSpec(mission=old)], by=direction(school))


def test_an_ineligible_status_is_refused():
    school = SchoolFactory()
    user = teacher(school)
    with pytest.raises(PacteError, match="Renseignez d’abord le statut"):
        engagement_create(teacher=user, school=school, school_year=year(), by=direction(school))
    profile(user, school, "autre")
    with pytest.raises(PacteError, match="n’ouvre pas droit au Pacte en lycée professionnel"):
        engagement_create(teacher=user, school=school, school_year=year(), by=direction(school))


@pytest.mark.parametrize("status", ["plp", "peps", "documentaliste", "cpe", "psyen", "sts"])
def test_every_eligible_status_may_volunteer(status):
    assert engagement(status=status).parts.count() == 6


def test_a_teacher_of_another_school_or_a_teacher_cannot_compose():
    school, other = SchoolFactory(), SchoolFactory()
    user = teacher(other)
    profile(user, other)
    with pytest.raises(PacteError, match="n’est pas enseignant de cet établissement"):
        engagement_create(teacher=user, school=school, school_year=year(), by=direction(school))
    with pytest.raises(PacteError, match="Seuls la direction et le bureau"):
        engagement_create(teacher=user, school=other, school_year=year(), by=user)


def test_one_engagement_per_teacher_and_year():
    eng = engagement()
    with pytest.raises(PacteError, match="a déjà un Pacte pour l’année 2026-2027"):
        engagement_create(
            teacher=eng.teacher, school=eng.school, school_year=year(), by=direction(eng.school)
        )
