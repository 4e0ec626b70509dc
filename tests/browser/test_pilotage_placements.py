"""The PFMP placement rates on a phone and a desktop: the bar chart beside its table, read by
axe; the page does not overflow the screen (the table scrolls in its own box)."""

import datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from etablissements.roles import Role
from etablissements.services import academy_admin_grant
from pfmp.services import placement_assign, placement_set_status
from pilotage.placement_figures import placement_figures_refresh
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user
from tests.pfmp.factories import PeriodFactory, PupilFactory, SchoolClassFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

LONG = "Lycée professionnel des métiers de l’hôtellerie et de la restauration Jean-Bart"


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    page.context.clear_cookies()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": live_server.url}]
    )


def test_the_rates_chart_and_table_on_a_phone_and_a_desktop(live_server, page, axe_serious):
    alpha = SchoolFactory(name=LONG)
    period = PeriodFactory(school_class=SchoolClassFactory(school=alpha, name="1MELEC"))
    pupils = PupilFactory.create_batch(4, school_class=period.school_class)
    for pupil in pupils[:3]:
        placement = placement_assign(pupil=pupil, period=period, company=CompanyFactory())
        placement_set_status(placement=placement, status="accord")
    PupilFactory.create_batch(2, school_class=PeriodFactory().school_class)
    placement_figures_refresh(years=[2026], today=datetime.date(2027, 1, 20), now=timezone.now())
    admin = UserFactory()
    academy_admin_grant(user=admin)
    url = live_server.url + "/admin/pilotage/placements/?annee=2026-2027"
    for user, width in ((admin, 375), (admin, 1280), (staff_user(alpha, Role.DIRECTION), 375)):
        _log_in(page, live_server, user)
        page.set_viewport_size({"width": width, "height": 800})
        page.goto(url)
        expect(page.locator("svg.pilotage-chart")).to_be_visible()
        expect(page.locator("table.listing").first).to_be_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= width, (user, width)
        assert axe_serious(page) == [], (user, width)
