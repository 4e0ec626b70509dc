"""A tutor gives the end-of-period appraisal on a phone (375 px), from the mail's link: an
error keeps what was typed, the page passes axe, nothing overflows."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from pfmp.links import appraisal_url
from pfmp.models import TutorAppraisal
from tests.entreprises.factories import CompanyFactory
from tests.pfmp.factories import PeriodFactory, PlacementFactory, PupilFactory, tutor_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_tutor_appraises_a_pupil_on_a_phone(site, live_server, page, axe_serious):
    today = timezone.localdate()
    period = PeriodFactory(start=today - datetime.timedelta(days=25), end=today)
    company = CompanyFactory(name="Garage Ouvert")
    placement = PlacementFactory(
        pupil=PupilFactory(school_class=period.school_class, first_name="Léa", last_name="Martin"),
        period=period,
        status="en_cours",
        company=company,
        tutor=tutor_of(company, email="paul@garage.example"),
    )
    appraisal = TutorAppraisal.objects.create(placement=placement, tutor=placement.tutor)
    url = appraisal_url(appraisal)
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + url[url.index("/pfmp/") :])
    expect(page.get_by_role("heading", level=1)).to_have_text("Votre appréciation de fin de PFMP")
    expect(page.get_by_text("Léa M.", exact=True)).to_be_visible()
    assert "Martin" not in page.content()
    assert axe_serious(page) == []
    page.locator("label[for=id_attendance_0]").click()
    page.locator("#id_comment").fill("Très motivée.")
    page.get_by_role("button", name="Envoyer mon appréciation").click()
    expect(page.get_by_text("Le formulaire contient des erreurs")).to_be_visible()
    expect(page.locator("#id_comment")).to_have_value("Très motivée.")
    expect(page.locator("#id_attendance_0")).to_be_checked()
    assert axe_serious(page) == []
    page.locator("label[for=id_progress_1]").click()
    page.locator("label[for=id_host_again_0]").click()
    page.get_by_role("button", name="Envoyer mon appréciation").click()
    expect(page.get_by_text("votre appréciation est enregistrée")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert TutorAppraisal.objects.get(pk=appraisal.pk).host_again == "oui"
