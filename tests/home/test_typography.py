"""Every page of the demo, public and staff, read as its users read it: no « 18,0 h », no
« d’heures » after a number of hours, no « de Élise », no space before a comma, a colon stuck
to its word (issue 27 §12). The rules are `common.wording.TYPOGRAPHY_MISTAKES`."""

import html
import re
from collections import deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from common.wording import de, greeting, que, typography_mistakes
from pacte.numbers import hours_fr, hours_words

HREF = re.compile(r'href="([^"]+)"')
# GET only, and nothing that changes data, logs out or downloads a file.
SKIP = re.compile(
    r"(logout|deconnexion|delete|supprim|effac|retir|withdraw|unpublish|revert|/export|format=|"
    r"\.pdf|\.ics|\.xlsx|\.csv|\.json|/media/|/static/|/documents/|/api/|/django-admin/|"
    r"/pages/|/images/|/snippets/|/reports/|/settings/|/sites/|/locales/|/workflows/|/redirects/|"
    r"/users/|/groups/|/collections/|/tasks/|page=|ordering=|/history/|/usage/|/revisions/|/copy/)",
    re.I,
)
NOT_TEXT = re.compile(r"<(script|style|template|svg)\b.*?</\1>", re.S | re.I)
# Blocks separate words; inline tags (a, strong, span…) do not: « <a>x</a>, y » reads « x, y ».
BLOCK = re.compile(
    r"</?(?:p|div|li|td|th|tr|br|h[1-6]|ul|ol|dl|dt|dd|section|header|footer|nav|main|table|"
    r"thead|tbody|caption|option|select|form|fieldset|legend|label|button|input|textarea|hr|"
    r"article|aside|figure|figcaption|summary|details|dialog|img)\b[^>]*>",
    re.I,
)
TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    body = page.split("<body", 1)[-1]
    text = TAG.sub("", BLOCK.sub(" ", NOT_TEXT.sub(" ", body)))
    return re.sub(r"\s+", " ", html.unescape(text))


def crawl(client, start: str, limit: int) -> dict[str, str]:
    """Breadth first from `start`, same site: {path: visible text} of the HTML pages."""
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        content = response.content.decode()
        pages[path] = visible_text(content)
        for href in HREF.findall(content):
            href = urldefrag(urljoin(path, html.unescape(href)))[0]
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if SKIP.search(local) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return pages


def test_the_rules_catch_what_they_name_and_spare_the_right_forms():
    assert typography_mistakes("90,0 h d’heures en RCD")  # both mistakes
    assert typography_mistakes("le 3 mars à 14h00") and not typography_mistakes("à 14 h 30")
    assert typography_mistakes("calculés le 07/12/2026 à 17:49.")
    assert typography_mistakes("le bilan de Élise Martin")
    assert typography_mistakes("Ce que Élise Martin recevra")
    assert typography_mistakes("par courriel , par téléphone")
    assert typography_mistakes("Fusionner deux fiches: Garage")
    assert typography_mistakes("2 élève(s) proposé(s) pour une PFMP")
    assert not typography_mistakes(
        "18 h, 1,5 h, 90 heures, le bilan d’Élise Martin, ce qu’Élise recevra, de Paul : ok "
        "(prévue)."
    )
    assert (de("Élise Martin"), de("Paul"), que("Hugo")) == ("d’Élise Martin", "de Paul", "qu’Hugo")
    assert (greeting(" Élise "), greeting(""), greeting(None)) == ("Bonjour Élise,", "Bonjour,") + (
        "Bonjour,",
    )
    assert (hours_fr("18.0"), hours_fr("1.5")) == ("18\u00a0h", "1,5\u00a0h")
    assert (hours_words(90), hours_words("1.5")) == ("90\u00a0heures", "1,5\u00a0heure")


@pytest.mark.django_db
def test_no_page_of_the_demo_breaks_the_typography_rules(client):
    call_command("seed_demo", "--quiet-logins")
    pages = crawl(client, "/", limit=120)
    for username in ("rbde", "enseignant", "direction", "admin"):
        client.force_login(get_user_model().objects.get(username=username))
        pages.update({f"{username} {p}": t for p, t in crawl(client, "/admin/", limit=70).items()})
        client.logout()
    assert len(pages) > 150
    mistakes = {path: found for path, text in pages.items() if (found := typography_mistakes(text))}
    assert mistakes == {}
