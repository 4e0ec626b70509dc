"""Finding 10: the Content-Security-Policy is on, and the main public and staff pages run
under it with no violation reported by the browser (DSFR's and Wagtail's scripts work)."""

import pytest
from django.core.management import call_command

from entreprises.models import Company
from offres.links import espace_token
from offres.models import Submission
from partenariats.models import Partnership

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
});
"""

PUBLIC = [
    "/",
    "/entreprises/proposer/mentorat/",
    "/entreprises/demandes-de-formation/",
    "/entreprises/espace/nouveau-lien/",
    "/formations/tuteurs/",
    "/entreprises-partenaires/",
    "/admin/login/",
]


def _violations(page, url) -> list[str]:
    response = page.goto(url)
    page.wait_for_load_state("networkidle")
    assert "content-security-policy" in response.headers, url
    return page.evaluate("window.__csp")


def test_public_and_staff_pages_report_no_csp_violation(live_server, page):
    call_command("seed_demo", "--quiet-logins")
    page.add_init_script(COLLECT)
    found, visited = {}, 0
    submission = Submission.objects.order_by("pk").first()
    public = [*PUBLIC, f"/entreprises/espace/{espace_token(submission.contact_id)}/"]
    # The collector works: an inline script injected on a public page is blocked and reported.
    page.goto(live_server.url + "/")
    page.evaluate(
        "() => { const s = document.createElement('script'); s.textContent = 'window.x = 1';"
        " document.body.appendChild(s); }"
    )
    page.wait_for_function("window.__csp.length > 0")
    assert page.evaluate("typeof window.x") == "undefined"
    for path in public:
        visited += 1
        if violations := _violations(page, live_server.url + path):
            found[path] = violations
        if path != "/admin/login/":
            # DSFR's script ran (it marks the page once started) under script-src 'self'.
            assert page.evaluate("document.documentElement.dataset.frJs") == "true", path

    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "rbde")
    page.fill("#id_password", "demo-portail-2026")
    page.press("#id_password", "Enter")
    page.wait_for_url(live_server.url + "/admin/")
    company = Company.objects.filter(partnerships__school__memberships__user__username="rbde")
    company = company.first()
    partnership = Partnership.objects.filter(company=company).first()
    staff = [
        "/admin/",
        "/admin/entreprises/",
        f"/admin/entreprises/inspect/{company.pk}/",
        f"/admin/entreprises/edit/{company.pk}/",
        "/admin/contacts/",
        "/admin/partenariats/",
        f"/admin/partenariats/edit/{partnership.pk}/",
        f"/admin/partenariats/inspect/{partnership.pk}/",
        "/admin/propositions/",
        "/admin/formations/sessions/new/",
        "/admin/account/",
    ]
    for path in staff:
        visited += 1
        if violations := _violations(page, live_server.url + path):
            found[path] = violations
        assert page.evaluate("typeof window.wagtail") != "undefined", path
    print(f"\nCSP : {visited} pages, {sum(map(len, found.values()))} violations")
    assert found == {}
