"""The "Travailler avec un lycée professionnel" pages: editable, each ends in its form."""

import pytest
from django.contrib.auth import get_user_model

from offres import demo
from offres.kinds import KINDS
from offres.pages import WayPage

pytestmark = pytest.mark.django_db


def test_each_way_page_explains_and_ends_in_its_own_form(client, site):
    index = demo.pages_ensure(site)
    listing = client.get(index.url).content.decode()
    for way in WayPage.objects.live():
        assert way.title in listing
        page = client.get(way.url).content.decode()
        form_link = f'href="/entreprises/proposer/{KINDS[way.kind].slug}/"'
        assert form_link in page
        # The call to action comes after the explanation.
        assert page.index(form_link) > page.index(way.intro[:40])
    assert WayPage.objects.count() == len(KINDS) == 9  # the guide's eight, and employees who train


def test_an_editor_changes_a_way_page_in_the_admin(client, site):
    demo.pages_ensure(site)
    admin = get_user_model().objects.create_superuser("editeur", "e@x.example", "pw-test-123")
    client.force_login(admin)
    way = WayPage.objects.get(kind="mentorat")
    page = client.get(f"/admin/pages/{way.pk}/edit/").content.decode().lower()
    assert "façon de travailler avec le lycée" in page
    assert "texte du bouton" in page


def test_a_way_kind_has_one_page_only(site):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    index = demo.pages_ensure(site)
    with pytest.raises((IntegrityError, ValidationError)), transaction.atomic():
        index.add_child(
            instance=WayPage(title="Doublon", slug="doublon", kind="mentorat", intro="x")
        )


def test_an_editor_can_add_the_section_under_the_home_page_once(client, site):
    from offres.pages import WaysIndexPage

    admin = get_user_model().objects.create_superuser("editeur", "e@x.example", "pw-test-123")
    client.force_login(admin)
    home = site  # the `site` fixture gives the home page
    choices = client.get(f"/admin/pages/{home.pk}/add_subpage/").content.decode()
    assert "Travailler avec un lycée professionnel" in choices or "waysindexpage" in choices
    assert WaysIndexPage.can_create_at(home)
    demo.pages_ensure(site)
    assert not WaysIndexPage.can_create_at(home.specific)
