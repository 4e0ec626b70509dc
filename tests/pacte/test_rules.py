"""The rules of each school year are data: value of a part, cap, fractions, deadlines."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from etablissements.services import academy_admin_grant
from formations.services import registration_mark_attendance
from pacte.activity import lien_record
from pacte.models import Engagement, EngagementPart, Mission, PartFraction, SchoolYear
from pacte.services import (
    PacteError,
    PartSpec,
    activity_log_add,
    catalogue_copy,
    engagement_carry_over,
    engagement_create,
    engagement_set_parts,
)
from tests.formations.factories import RegistrationFactory
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import (
    FAF,
    LIEN,
    LIEN_2023,
    LIEN_2023_PARTNERSHIPS,
    RCD,
    TUTORAT,
    SchoolFactory,
    SchoolYearFactory,
    UserFactory,
    direction,
    engagement,
    mission,
    profile,
    rbde,
    reference_specs,
    teacher,
    year,
)
from tests.pacte.test_compose_screens import composition

pytestmark = pytest.mark.django_db


def test_the_2023_and_2025_rule_sets_are_loaded_as_rows():
    years = {y.label: y for y in SchoolYear.objects.all()}
    for label, sign in (("2023-2024", datetime.date(2023, 9, 8)), ("2024-2025", None)):
        rules = years[label]
        assert (rules.part_value, rules.yearly_cap, rules.max_parts) == (1250, 7500, 6)
        assert rules.carry_over_deadline is None and rules.letter_signature_deadline == sign
        assert "20 juillet 2023" in rules.rules_source
    # 2023-2024: whole parts only; 2024-2025's half parts: tests/pacte/test_rules_2024.py.
    assert not years["2023-2024"].first_part_whole
    assert not PartFraction.objects.filter(school_year=years["2023-2024"]).exists()
    for label, carry, sign in (
        ("2025-2026", datetime.date(2026, 10, 31), datetime.date(2025, 10, 3)),
        ("2026-2027", datetime.date(2027, 10, 31), datetime.date(2026, 10, 2)),
    ):
        rules = years[label]
        assert (rules.carry_over_deadline, rules.letter_signature_deadline) == (carry, sign)
        assert "BO n° 37 du 2 octobre 2025" in rules.rules_source
        assert rules.first_part_whole
        halves = {
            (f.mission.part_kind, f.hours)
            for f in PartFraction.objects.filter(school_year=rules, fraction=Decimal("0.5"))
        }
        assert halves == {("rcd", 9), ("face_a_face", 12)}
    assert not PartFraction.objects.filter(mission__code=LIEN).exists()


def _half_rcd_specs(school_year=None):
    specs = reference_specs(school_year)
    specs[0].parts = Decimal("0.5")  # a half RCD: 9 h
    specs[1].parts = Decimal("1.5")  # one and a half face-à-face: 24 + 12 h
    return specs


def test_half_parts_follow_the_rules_of_the_engagements_year():
    school = SchoolFactory()
    boss = direction(school)
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year("2025-2026"), by=boss)
    eng = engagement_set_parts(engagement=eng, parts=_half_rcd_specs(year("2025-2026")), by=boss)
    parts = {p.mission.code: p for p in EngagementPart.objects.filter(engagement=eng)}
    assert (parts[RCD].parts, parts[RCD].hours) == (Decimal("0.5"), 9)
    assert (parts[FAF[0]].parts, parts[FAF[0]].hours) == (Decimal("1.5"), 36)
    eng = Engagement.objects.with_related().get(pk=eng.pk)
    assert eng.total_parts == 6 and eng.amount == Decimal("7500")
    assert eng.composition_label == "0,5 RCD + 3,5 face-à-face + 2 forfaits"

    old_user = teacher(school)
    profile(old_user, school)
    old = engagement_create(teacher=old_user, school=school, school_year=year("2023-2024"), by=boss)
    with pytest.raises(PacteError, match="en 2023-2024, cette mission ne se prend que par part"):
        engagement_set_parts(engagement=old, parts=_half_rcd_specs(year("2023-2024")), by=boss)
    half_forfait = [PartSpec(mission=mission(TUTORAT, year("2023-2024")), parts=Decimal("0.5"))]
    with pytest.raises(PacteError, match="ne se prend que par part entière"):
        engagement_set_parts(engagement=old, parts=half_forfait, by=boss)
    quarter = [PartSpec(mission=mission(RCD, year("2025-2026")), parts=Decimal("0.3"))]
    with pytest.raises(PacteError, match="par fraction de 0,5 part ; 0,3 n’est pas possible"):
        engagement_set_parts(engagement=eng, parts=quarter, by=boss)
    assert not old.parts.exists()


def test_the_yearly_cap_is_a_limit_of_its_own_beside_the_number_of_parts():
    school = SchoolFactory()
    boss = direction(school)
    # A year allowing 6,5 parts but capped at 7 500 €: 6,5 × 1 250 = 8 125 € is refused.
    roomy = SchoolYearFactory(max_parts=Decimal("6.5"))
    PartFraction.objects.get_or_create(
        school_year=roomy, mission=mission(RCD, roomy), fraction=Decimal("0.5")
    )
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=roomy, by=boss)
    specs = reference_specs(roomy)
    specs[0].parts = Decimal("1.5")
    with pytest.raises(PacteError, match=r"8.125.€ bruts \(6,5.parts × 1.250.€\) : elle dépasse"):
        engagement_set_parts(engagement=eng, parts=specs, by=boss)
    # A year with a higher cap but 6 parts at most: the number of parts is refused instead.
    rich = SchoolYearFactory(yearly_cap=Decimal("9000"))
    PartFraction.objects.get_or_create(
        school_year=rich, mission=mission(RCD, rich), fraction=Decimal("0.5")
    )
    other = teacher(school)
    profile(other, school)
    eng2 = engagement_create(teacher=other, school=school, school_year=rich, by=boss)
    rich_specs = reference_specs(rich)
    rich_specs[0].parts = Decimal("1.5")
    with pytest.raises(PacteError, match="au plus 6.parts"):
        engagement_set_parts(engagement=eng2, parts=rich_specs, by=boss)
    # Under both: accepted.
    specs[0].parts = Decimal("0.5")
    engagement_set_parts(engagement=eng, parts=specs, by=boss)
    assert Engagement.objects.with_related().get(pk=eng.pk).amount == Decimal("6875")


def at(day, hour=14):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_a_carried_over_mission_counts_until_its_deadline_and_only_once(monkeypatch):
    today = datetime.date(2026, 11, 23)
    monkeypatch.setattr(timezone, "now", lambda: at(today, 15))
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: today)
    school = SchoolFactory()
    boss = direction(school)
    user = teacher(school)
    last = engagement(school, user=user, school_year=year("2025-2026"), by=boss)
    this = engagement(school, user=user, school_year=year("2026-2027"), by=boss)

    def led(day):
        training = TrainingFactory(school=school, starts_at=at(day), leaders=[user])
        registration_mark_attendance(
            registration=RegistrationFactory(training=training), status="present", by=user
        )

    for day in (datetime.date(2026, 6, 10), datetime.date(2026, 10, 6), datetime.date(2026, 11, 3)):
        led(day)

    def counted(eng):
        eng = Engagement.objects.with_related().get(pk=eng.pk)
        return lien_record(eng).counts["formations_animees"]

    assert (counted(last), counted(this)) == (1, 2)  # no carry-over: each its own year

    with pytest.raises(PacteError, match="entre le 01/09/2026 et le 31/10/2026"):
        engagement_carry_over(engagement=last, until=datetime.date(2026, 11, 15), by=boss)
    with pytest.raises(PacteError, match="Seule la direction"):
        engagement_carry_over(engagement=last, until=datetime.date(2026, 10, 15), by=rbde(school))
    engagement_carry_over(engagement=last, until=datetime.date(2026, 10, 15), by=boss)
    # 6 October now belongs to the carried-over mission, and to it only.
    assert (counted(last), counted(this)) == (2, 1)
    activity_log_add(
        engagement=Engagement.objects.get(pk=last.pk),
        by=user,
        occurred_on=datetime.date(2026, 10, 12),
        kind="tuteurs",
        hours=2,
        description="Visite de tuteurs",
    )
    assert lien_record(Engagement.objects.with_related().get(pk=last.pk)).counts["heures"] == (
        Decimal("6.0") + 2
    )

    old = engagement(school, school_year=year("2023-2024"), by=boss)
    with pytest.raises(PacteError, match="ne permettent pas de reporter"):
        engagement_carry_over(engagement=old, until=datetime.date(2024, 10, 1), by=boss)


def test_the_academy_administrator_reads_every_rule_of_a_year(client):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)
    html = client.get("/admin/pacte-annees/").content.decode()
    assert "2023-2024" in html and "2025-2026" in html
    assert "31 octobre 2026" in html or "31/10/2026" in html
    response = client.get("/admin/pacte-fractions/?school_year=" + str(year("2025-2026").pk))
    rows = " ".join(response.content.decode().split())
    assert "Remplacer au pied levé" in rows or "remplacement" in rows.lower()
    assert "2025-2026" in rows and "0,5" in rows


def test_the_running_total_is_computed_by_the_server_while_composing(client):
    school = SchoolFactory()
    boss = direction(school)
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year("2026-2027"), by=boss)
    client.force_login(boss)
    url = f"/admin/pacte/engagement/{eng.pk}/composer/"
    data = composition(**{RCD: "0,5", FAF[0]: 1, FAF[1]: 1, FAF[2]: 1, LIEN: 1, TUTORAT: 1})
    html = client.post(url, {**data, "action": "recalculer"}).content.decode()
    text = " ".join(html.replace("\u202f", " ").replace("\xa0", " ").split())
    assert '<strong data-total="parts">5,5 parts</strong>' in text
    assert '<strong data-total="hours">81 heures</strong>' in text  # 9 + 3 × 24
    assert '<strong data-total="amount">6 875 €</strong>' in text
    assert "sur un plafond de 7 500 €" in text
    assert "pacte/compose.js" in html and "<script>" not in html
    assert not eng.parts.exists()  # recalculating saves nothing

    data = composition(**{RCD: 1, FAF[0]: 3, FAF[1]: 1, FAF[2]: 1, LIEN: 1})
    html = client.post(url, {**data, "action": "recalculer"}).content.decode()
    assert "Au-delà du plafond annuel" not in html
    assert "Plus de parts que la règle de l’année n’en permet." in html


def _fresh(school, boss, label):
    user = teacher(school)
    profile(user, school)
    return engagement_create(teacher=user, school=school, school_year=year(label), by=boss)


def test_from_2025_the_first_part_is_whole_unless_rcd_or_stages_de_reussite():
    """BO n° 37 of 2 October 2025: half parts « à l'exception de la première part … lorsque
    celle-ci n'est pas consacrée au RCD ou aux dispositifs Devoirs faits ou aux Stages de
    réussite »."""
    school = SchoolFactory()
    boss = direction(school)
    y = year("2025-2026")
    half = Decimal("0.5")
    # A Pacte of one half face-à-face part: its first part is a half part — refused.
    eng = _fresh(school, boss, "2025-2026")
    only_half = [PartSpec(mission=mission(FAF[0], y), parts=half)]
    with pytest.raises(PacteError, match="la première part d’un Pacte n’est pas une demi-part"):
        engagement_set_parts(engagement=eng, parts=only_half, by=boss)
    # The same half part after a whole one: accepted.
    specs = [PartSpec(mission=mission(TUTORAT, y)), *only_half]
    assert engagement_set_parts(engagement=eng, parts=specs, by=boss).parts.count() == 2
    # A half RCD part, or a half Stages de réussite part, may open a Pacte.
    for code in (RCD, "lp-faf-stages-reussite"):
        eng = _fresh(school, boss, "2025-2026")
        opening = [PartSpec(mission=mission(code, y), parts=half)]
        assert engagement_set_parts(engagement=eng, parts=opening, by=boss).parts.count() == 1
    # Two halves, one of them RCD: the RCD half is the first part.
    eng = _fresh(school, boss, "2025-2026")
    two = [PartSpec(mission=mission(RCD, y), parts=half), *only_half]
    assert engagement_set_parts(engagement=eng, parts=two, by=boss).parts.count() == 2


def test_the_first_part_rule_is_data_of_the_year():
    school = SchoolFactory()
    boss = direction(school)
    y = year("2025-2026")
    SchoolYear.objects.filter(pk=y.pk).update(first_part_whole=False)
    eng = _fresh(school, boss, "2025-2026")
    only_half = [PartSpec(mission=mission(FAF[0], y), parts=Decimal("0.5"))]
    assert engagement_set_parts(engagement=eng, parts=only_half, by=boss).parts.count() == 1


def test_each_year_has_its_catalogue_2023_with_two_lien_forfaits_2024_with_one():
    def codes(label):
        return set(Mission.objects.filter(school_year__label=label).values_list("code", flat=True))

    c2023, c2024 = codes("2023-2024"), codes("2024-2025")
    assert {LIEN_2023, LIEN_2023_PARTNERSHIPS} <= c2023 and LIEN not in c2023
    assert LIEN in c2024 and not {LIEN_2023, LIEN_2023_PARTNERSHIPS} & c2024
    assert {"lp-forfait-avenirpro", "lp-forfait-ambition-emploi"} <= c2023
    assert {"lp-forfait-france-travail", "lp-forfait-avenir-pro-plus"} <= c2024
    assert codes("2025-2026") == codes("2026-2027") == c2024
    # Both 2023 lien forfaits count the portal's activity, each its own share of it.
    tutors = mission(LIEN_2023, year("2023-2024"))
    partners = mission(LIEN_2023_PARTNERSHIPS, year("2023-2024"))
    assert tutors.counts_portal_activity and partners.counts_portal_activity
    assert "tuteurs_formes" in tutors.counted_metrics
    assert "partenariats_suivis" not in tutors.counted_metrics
    assert "partenariats_suivis" in partners.counted_metrics
    # The half part may open a Pacte for RCD and Stages de réussite only.
    opening = Mission.objects.filter(school_year__label="2025-2026", opens_with_half_part=True)
    assert set(opening.values_list("code", flat=True)) == {RCD, "lp-faf-stages-reussite"}


def test_a_2023_pacte_takes_both_lien_forfaits_and_not_the_merged_one():
    school = SchoolFactory()
    boss = direction(school)
    y = year("2023-2024")
    eng = _fresh(school, boss, "2023-2024")
    specs = [PartSpec(mission=mission(code, y)) for code in (LIEN_2023, LIEN_2023_PARTNERSHIPS)]
    eng = engagement_set_parts(engagement=eng, parts=specs, by=boss)
    assert len(Engagement.objects.with_related().get(pk=eng.pk).lien_parts()) == 2
    merged = [PartSpec(mission=mission(LIEN, year("2024-2025")))]
    with pytest.raises(PacteError, match="n’est pas au catalogue de l’année 2023-2024"):
        engagement_set_parts(engagement=eng, parts=merged, by=boss)


def test_next_years_catalogue_is_copied_from_this_one_by_the_academy(client):
    source = year("2026-2027")
    target = SchoolYearFactory(label="2027-2028", catalogue=False)
    school = SchoolFactory()
    with pytest.raises(PacteError, match="administrateur académique"):
        catalogue_copy(source=source, target=target, by=direction(school))
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)
    response = client.post(
        "/admin/pacte/catalogue/copier/", {"source": source.pk, "target": target.pk}, follow=True
    )
    count = Mission.objects.for_year(source).count()
    assert f"{count} missions copiées" in response.content.decode()
    assert Mission.objects.for_year(target).count() == count
    halves = PartFraction.objects.filter(school_year=target)
    assert halves.count() == PartFraction.objects.filter(school_year=source).count() > 0
    assert all(f.mission.school_year_id == target.pk for f in halves)
    # A second copy adds nothing; the copies are edited apart from the source.
    assert catalogue_copy(source=source, target=target, by=admin) == []
    Mission.objects.filter(school_year=target, code=RCD).update(action="RCD 2027")
    assert mission(RCD).action != "RCD 2027"
    # A teacher cannot open the screen.
    client.force_login(teacher(school))
    assert client.get("/admin/pacte/catalogue/copier/").status_code in (302, 403)
