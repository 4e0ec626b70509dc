"""The staff lists' cells drawn in Python (common.admin_cells) are the HTML Wagtail's templates
draw: every list of every viewset, on the demo data, compared both ways."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test.html import parse_html
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from common import admin_cells

pytestmark = pytest.mark.django_db

CELL_TEMPLATES = {admin_cells.CELL, admin_cells.TITLE_CELL}


def _index_urls():
    def flatten(items):
        for item in items if isinstance(items, list | tuple) else [items]:
            yield from item.registerables if isinstance(item, ViewSetGroup) else [item]

    for fn in hooks.get_hooks("register_admin_viewset"):
        for viewset in flatten(fn()):
            # The portal's own viewsets (Wagtail's sites, users… keep their templates).
            if isinstance(viewset, ModelViewSet) and not type(viewset).__module__.startswith(
                "wagtail."
            ):
                try:
                    yield reverse(viewset.get_url_name("index"))
                except NoReverseMatch:
                    continue


def _table(response) -> str:
    """The list's table (not the keyboard shortcuts' one, in its dialog)."""
    match = re.search(
        r'<table\b[^>]*class="[^"]*\blisting\b.*?</table>', response.content.decode(), re.S
    )
    return match.group(0) if match else ""


@pytest.mark.parametrize("login", ["admin", "rbde"])
def test_every_list_draws_the_html_of_wagtails_templates(client, monkeypatch, login):
    call_command("seed_demo", "--quiet-logins")
    client.force_login(get_user_model().objects.get(username=login))
    compared, with_menus = [], 0
    for url in _index_urls():
        monkeypatch.setattr(admin_cells, "ENABLED", False)
        slow = client.get(url)
        if slow.status_code != 200 or "<tbody" not in _table(slow):
            continue
        monkeypatch.setattr(admin_cells, "ENABLED", True)
        quick = client.get(url)

        assert parse_html(_table(quick)) == parse_html(_table(slow)), url
        drawn = {t.name for t in quick.templates}
        assert not drawn & CELL_TEMPLATES, (url, drawn & CELL_TEMPLATES)
        compared.append(url)
        with_menus += 'data-controller="w-dropdown"' in _table(quick)

    # The demo fills most lists, and their rows have their « … » menu: the comparison saw them.
    assert len(compared) >= 8, compared
    assert with_menus >= 5, compared


def test_a_row_menu_reads_its_actions_and_names_its_row(client):
    call_command("seed_demo", "--quiet-logins")
    client.force_login(get_user_model().objects.get(username="rbde"))

    table = _table(client.get("/admin/partenariats/"))

    row = re.search(r"<tr\b(?:(?!</tr>).)*w-dropdown.*?</tr>", table, re.S).group(0)
    # (Wagtail's French puts a no-break space inside the quotes.)
    assert re.search(r'aria-label="Plus d’options pour «\s[^"]+ — Lycée [^"]+\s»"', row)
    assert re.search(r'<a href="/admin/partenariats/edit/\d+/"[^>]*>.*?Modifier</a>', row)
    # A partnership is ended, never deleted: its menu offers no « Supprimer ».
    assert "Modifier" in row and "Supprimer" not in row
    assert '<use href="#icon-dots-horizontal">' in row
