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
    engagement_carry_over,
    engagement_create,
    engagement_set_parts,
)
from tests.formations.factories import RegistrationFactory
from tests.formations.factories import TutorTrainingFactory as TrainingFactory
from tests.pacte.factories import (
    FAF,
    LIEN,
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
    for label in ("2023-2024", "2024-2025"):
        rules = years[label]
        assert (rules.part_value, rules.yearly_cap, rules.max_parts) == (1250, 7500, 6)
        assert rules.carry_over_deadline is None and rules.letter_signature_deadline is None
        assert "20 juillet 2023" in rules.rules_source
        assert not PartFraction.objects.filter(school_year=rules).exists()
    for label, carry, sign in (
        ("2025-2026", datetime.date(2026, 10, 31), datetime.date(2025, 10, 3)),
        ("2026-2027", datetime.date(2027, 10, 31), datetime.date(2026, 10, 2)),
    ):
        rules = years[label]
        assert (rules.carry_over_deadline, rules.letter_signature_deadline) == (carry, sign)
        assert "BO n° 37 du 2 octobre 2025" in rules.rules_source
        halves = {
            (f.mission.part_kind, f.hours)
            for f in PartFraction.objects.filter(school_year=rules, fraction=Decimal("0.5"))
        }
        assert halves == {("rcd", 9), ("face_a_face", 12)}
    forfait = Mission.objects.get(code=LIEN)
    assert not PartFraction.objects.filter(mission=forfait).exists()


def _half_rcd_specs():
    specs = reference_specs()
    specs[0].parts = Decimal("0.5")  # a half RCD: 9 h
    specs[1].parts = Decimal("1.5")  # one and a half face-à-face: 24 + 12 h
    return specs


def test_half_parts_follow_the_rules_of_the_engagements_year():
    school = SchoolFactory()
    boss = direction(school)
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=year("2025-2026"), by=boss)
    eng = engagement_set_parts(
        engagement=eng, parts=_half_rcd_specs(), by=boss, derogation=True, derogation_reason="x"
    )
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
        engagement_set_parts(
            engagement=old, parts=_half_rcd_specs(), by=boss, derogation=True, derogation_reason="x"
        )
    half_forfait = [PartSpec(mission=mission(LIEN), parts=Decimal("0.5"))]
    with pytest.raises(PacteError, match="ne se prend que par part entière"):
        engagement_set_parts(
            engagement=old, parts=half_forfait, by=boss, derogation=True, derogation_reason="x"
        )
    quarter = [PartSpec(mission=mission(RCD), parts=Decimal("0.3"))]
    with pytest.raises(PacteError, match="par fraction de 0,5 part ; 0,3 n’est pas possible"):
        engagement_set_parts(
            engagement=eng, parts=quarter, by=boss, derogation=True, derogation_reason="x"
        )
    assert not old.parts.exists()


def test_the_yearly_cap_is_a_limit_of_its_own_beside_the_number_of_parts():
    school = SchoolFactory()
    boss = direction(school)
    # A year allowing 6,5 parts but capped at 7 500 €: 6,5 × 1 250 = 8 125 € is refused.
    roomy = SchoolYearFactory(max_parts=Decimal("6.5"))
    PartFraction.objects.create(school_year=roomy, mission=mission(RCD), fraction=Decimal("0.5"))
    user = teacher(school)
    profile(user, school)
    eng = engagement_create(teacher=user, school=school, school_year=roomy, by=boss)
    specs = reference_specs()
    specs[0].parts = Decimal("1.5")
    with pytest.raises(PacteError, match=r"8.125.€ bruts \(6,5.parts × 1.250.€\) : elle dépasse"):
        engagement_set_parts(
            engagement=eng, parts=specs, by=boss, derogation=True, derogation_reason="x"
        )
    # A year with a higher cap but 6 parts at most: the number of parts is refused instead.
    rich = SchoolYearFactory(yearly_cap=Decimal("9000"))
    PartFraction.objects.create(school_year=rich, mission=mission(RCD), fraction=Decimal("0.5"))
    other = teacher(school)
    profile(other, school)
    eng2 = engagement_create(teacher=other, school=school, school_year=rich, by=boss)
    with pytest.raises(PacteError, match="au plus 6.parts"):
        engagement_set_parts(
            engagement=eng2, parts=specs, by=boss, derogation=True, derogation_reason="x"
        )
    # Under both: accepted.
    specs[0].parts = Decimal("0.5")
    engagement_set_parts(
        engagement=eng, parts=specs, by=boss, derogation=True, derogation_reason="x"
    )
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
    assert '<strong data-total="hours">81,0 h</strong>' in text  # 9 + 3 × 24
    assert '<strong data-total="amount">6 875 €</strong>' in text
    assert "sur un plafond de 7 500 €" in text
    assert "pacte/compose.js" in html and "<script>" not in html
    assert not eng.parts.exists()  # recalculating saves nothing

    data = composition(**{RCD: 1, FAF[0]: 3, FAF[1]: 1, FAF[2]: 1, LIEN: 1})
    html = client.post(url, {**data, "action": "recalculer"}).content.decode()
    assert "Au-delà du plafond annuel" not in html
    assert "Plus de parts que la règle de l’année n’en permet." in html
