"""Every public page, as the W3C Nu HTML Checker (vnu-jar) reads it: no error.

The site is crawled from the home page on the demo's data (links only, GET, as a visitor), plus
each public form sent empty (its error messages are markup too); one checker process reads all
the pages at once (one JVM start).
"""

import json
import re
import subprocess
from collections import defaultdict, deque
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.cache import cache
from django.core.management import call_command

from offres.kinds import KINDS
from tests.services import VNU_JAR

pytestmark = [pytest.mark.django_db, pytest.mark.htmlchecker]

HREF = re.compile(r'href="([^"]+)"')
SKIP = re.compile(r"^/(admin|static|media|documents)/|\.(ics|csv|json|xml|pdf|xlsx|txt)$")
EMPTY_FORMS = [f"/entreprises/proposer/{spec.slug}/" for spec in KINDS.values()]


def crawl(client, start="/", limit=300) -> dict[str, str]:
    """{path: html} of the pages reached from `start` by links, one per list (no ?page=)."""
    seen, queue, pages = {start}, deque([start]), {}
    while queue and len(pages) < limit:
        path = queue.popleft()
        response = client.get(path)
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        pages[path] = html
        for href in HREF.findall(html):
            href = urldefrag(urljoin(path, href.replace("&amp;", "&")))[0]
            parts = urlsplit(href)
            if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
                continue
            local = parts.path + (f"?{parts.query}" if parts.query else "")
            if "page=" in parts.query or SKIP.search(parts.path) or local in seen:
                continue
            seen.add(local)
            queue.append(local)
    return pages


def nu_errors(pages: dict[str, str], folder) -> dict[str, str]:
    """The errors of one checker run on all the pages: {message: "count × e.g. page: extract"}."""
    files = {}
    for n, (path, html) in enumerate(pages.items()):
        file = folder / f"page{n:03d}.html"
        file.write_text(html)
        files[str(file)] = path
    run = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    assert messages or run.returncode == 0, run.stderr
    errors = defaultdict(list)
    for m in messages:
        if m.get("type") == "error":
            page = files.get(m["url"].removeprefix("file:"), m["url"])
            errors[m["message"]].append(f"{page}: {' '.join(m.get('extract', '').split())}")
    return {message: f"{len(seen)} × e.g. {seen[0]}" for message, seen in errors.items()}


def test_every_public_page_and_form_error_is_valid_html(client, tmp_path):
    call_command("seed_demo", "--quiet-logins")
    pages = crawl(client)
    for path in EMPTY_FORMS:
        cache.clear()  # the public forms' rate limit: one visitor sends each form once
        response = client.post(path, {})
        assert response.status_code == 200 and "fr-error-text" in response.content.decode()
        pages[f"{path} (envoyé vide)"] = response.content.decode()

    assert len(pages) > 50
    assert nu_errors(pages, tmp_path) == {}
