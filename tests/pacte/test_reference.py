from decimal import Decimal

import pytest

from etablissements.services import academy_admin_grant
from pacte.models import Mission, PartKind, SchoolYear
from tests.pacte.factories import SchoolFactory, SchoolYearFactory, UserFactory, teacher

pytestmark = pytest.mark.django_db


def test_the_catalogue_of_lp_missions_is_loaded_with_the_merged_lien_entreprise_forfait():
    missions = Mission.objects.filter(school_year__label="2026-2027")
    assert missions.count() == 15
    assert {m.degree for m in Mission.objects.all()} == {"LP"}
    lien = missions.get(counts_portal_activity=True)
    assert lien.action == (
        "Faire vivre le lien établissement – entreprise (accompagnement des tuteurs de "
        "stage, participation aux actions du bureau des entreprises)"
    )
    assert lien.part_kind == PartKind.FORFAIT and lien.hours is None
    assert lien.quantum == "forfait"
    rcd = missions.get(part_kind=PartKind.RCD)
    assert rcd.hours == 18 and rcd.quantum == "18 h"
    assert set(
        Mission.objects.filter(part_kind=PartKind.FACE_TO_FACE).values_list("hours", flat=True)
    ) == {24}
    # 2023-2024: two lien forfaits, AvenirPro and Ambition emploi in place of three 2024 ones.
    assert Mission.objects.filter(school_year__label="2023-2024").count() == 16


def test_school_years_carry_the_2023_money_rules_as_data():
    years = {y.label: y for y in SchoolYear.objects.all()}
    assert set(years) >= {"2025-2026", "2026-2027"}
    for label in ("2025-2026", "2026-2027"):
        assert years[label].part_value == Decimal("1250.00")
        assert years[label].yearly_cap == Decimal("7500.00")
    assert years["2026-2027"].start.isoformat() == "2026-09-01"


def test_the_amount_follows_the_year_and_stays_under_its_cap():
    generous = SchoolYearFactory(part_value=Decimal("1400"), yearly_cap=Decimal("7500"))
    assert generous.amount_for(5) == Decimal("7000")
    assert generous.amount_for(6) == Decimal("7500")  # 8 400 € capped
    classic = SchoolYear.objects.get(label="2026-2027")
    assert classic.amount_for(6) == Decimal("7500.00")
    assert classic.amount_for(2) == Decimal("2500.00")


def test_current_school_year_is_the_one_running_today():
    import datetime

    assert SchoolYear.objects.current(datetime.date(2026, 11, 23)).label == "2026-2027"
    assert SchoolYear.objects.current(datetime.date(2026, 3, 1)).label == "2025-2026"


def test_the_academy_administrator_edits_the_value_of_a_part(client):
    admin = UserFactory()
    academy_admin_grant(user=admin)
    client.force_login(admin)
    year = SchoolYear.objects.get(label="2026-2027")

    html = client.get("/admin/pacte-annees/").content.decode()
    assert "2026-2027" in html and "1250" in html.replace("\u202f", "").replace(" ", "")
    response = client.post(
        f"/admin/pacte-annees/edit/{year.pk}/",
        {
            "label": "2026-2027",
            "start": "2026-09-01",
            "end": "2027-08-31",
            "part_value": "1300.00",
            "yearly_cap": "7800.00",
            "max_parts": "6",
            "carry_over_deadline": "2027-10-31",
            "letter_signature_deadline": "2026-10-02",
            "rules_source": "Note de service du 22 septembre 2025",
        },
    )
    assert response.status_code == 302
    year.refresh_from_db()
    assert year.part_value == Decimal("1300.00") and year.yearly_cap == Decimal("7800.00")

    mission = Mission.objects.get(code="lp-forfait-tutorat", school_year=year)
    html = client.get(f"/admin/pacte-missions/edit/{mission.pk}/").content.decode()
    assert "Tutorer un groupe d’élèves" in html


def test_a_teacher_cannot_edit_the_reference_data(client):
    client.force_login(teacher(SchoolFactory()))
    year = SchoolYear.objects.get(label="2026-2027")
    response = client.post(
        f"/admin/pacte-annees/edit/{year.pk}/",
        {
            "label": "2026-2027",
            "start": "2026-09-01",
            "end": "2027-08-31",
            "part_value": "1.00",
            "yearly_cap": "2.00",
        },
    )
    year.refresh_from_db()
    assert year.part_value == Decimal("1250.00")
    assert response.status_code in (302, 403)
