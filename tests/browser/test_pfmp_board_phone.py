"""The RBDE's placement board for one period, on a phone and a desktop (walk of issue 27):
« Prévenir les entreprises » fits the screen and says what it sends, and the placement badges
(« piste », « à trouver ») are readable (axe's colour contrast)."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from etablissements.roles import Role
from pfmp.services import placement_assign
from tests.browser.test_phone_lists import assert_within
from tests.browser.test_visible_actions import log_in
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.pfmp.factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [375, 1280])
def test_the_period_board_fits_a_phone_and_its_badges_are_readable(
    live_server, page, axe_serious, width
):
    school = SchoolFactory(name="Lycée professionnel Roland-Garros")
    start = timezone.localdate() + datetime.timedelta(days=15)
    period = PeriodFactory(
        school_class=SchoolClassFactory(school=school, name="1MELEC"),
        start=start,
        end=start + datetime.timedelta(days=25),
    )
    pupils = PupilFactory.create_batch(3, school_class=period.school_class)
    placement_assign(pupil=pupils[0], period=period, company=CompanyFactory(name="Élec Sud"))
    page.set_viewport_size({"width": width, "height": 800})

    log_in(page, live_server, staff_user(school, Role.RBDE))
    page.goto(f"{live_server.url}/admin/pfmp/tableau/periode/{period.pk}/")

    button = page.get_by_role("button", name="Prévenir les entreprises")
    expect(button).to_be_visible()
    expect(page.get_by_text("Un courriel par entreprise, avec les élèves")).to_be_visible()
    assert_within(page, ".pfmp-mail .button, .pfmp-mail .help, .pfmp-card", width)
    expect(page.locator(".pfmp-status").first).to_have_text("piste")
    assert [v for v in axe_serious(page) if v.startswith("color-contrast")] == []
