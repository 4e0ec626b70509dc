"""Finding 2: every built-in view of every staff viewset (edit, delete, inspect, history, usage,
copy, chooser) keeps a school's staff to their own schools, shared rows included."""

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.log_actions import log

from entreprises.models import Company, Contact
from etablissements.models import School
from partenariats.models import Partnership
from tests.entreprises.factories import ContactFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db

OBJECT_VIEWS = ("edit", "delete", "inspect", "history", "history_results", "usage", "copy")


def _viewsets():
    def flatten(items):
        for item in items if isinstance(items, list | tuple) else [items]:
            if isinstance(item, ViewSetGroup):
                yield from item.registerables
            else:
                yield item

    for fn in hooks.get_hooks("register_admin_viewset"):
        for viewset in flatten(fn()):
            if isinstance(viewset, ModelViewSet) and hasattr(
                getattr(viewset.model, "_default_manager", None), "for_user"
            ):
                yield viewset


@pytest.fixture
def demo(client):
    call_command("seed_demo", "--quiet-logins")
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(username="rbde")


def test_every_object_view_of_another_schools_row_is_refused(client, demo):
    """Every viewset, every view taking an id, up to 3 rows out of the RBDE's scope each."""
    client.force_login(demo)
    attempts, refused, leaks = 0, 0, []
    for viewset in _viewsets():
        manager = viewset.model._default_manager
        outside = manager.exclude(pk__in=manager.for_user(demo).values("pk")).order_by("pk")[:3]
        for obj in outside:
            for name in OBJECT_VIEWS:
                try:
                    url = reverse(viewset.get_url_name(name), args=[obj.pk])
                except NoReverseMatch:
                    continue
                attempts += 1
                response = client.get(url)
                if response.status_code in (302, 403, 404):
                    refused += 1
                else:
                    leaks.append(f"{url} → {response.status_code}")
    print(f"\nportée des vues d’administration : {attempts} essais, {refused} refusés")
    assert attempts >= 30
    assert leaks == []


def test_the_usage_and_history_of_a_shared_company_show_only_the_users_school(client, demo):
    mine = School.objects.filter(memberships__user=demo).first()
    other = School.objects.exclude(pk=mine.pk).exclude(memberships__user=demo).first()
    company = Company.objects.for_user(demo).first()
    PartnershipFactory(school=other, company=company)
    secret = ContactFactory(
        company=company, first_name="Secret", last_name="Bêta-Contact", schools=[other]
    )
    from django.contrib.auth import get_user_model

    other_rbde = get_user_model().objects.get(username="rbde2")
    log(instance=company, action="wagtail.edit", user=other_rbde)
    log(instance=company, action="wagtail.edit", user=demo)
    client.force_login(demo)

    usage = client.get(reverse("entreprises_admin:usage", args=[company.pk])).content.decode()
    assert "Bêta-Contact" not in usage
    assert str(Partnership.objects.get(school=other, company=company)) not in usage
    assert Contact.objects.for_user(demo).filter(company=company).exists()
    mine_contact = Contact.objects.for_user(demo).filter(company=company).first()
    assert str(mine_contact) in usage  # the user's own school's rows are still listed

    history = client.get(reverse("entreprises_admin:history", args=[company.pk])).content.decode()
    other_name = other_rbde.get_full_name() or other_rbde.get_username()
    assert other_name not in history
    assert (demo.get_full_name() or demo.get_username()) in history

    contact_usage = client.get(reverse("contacts_admin:usage", args=[secret.pk]))
    assert contact_usage.status_code == 404


def test_the_company_chooser_shows_only_public_identity(client, demo):
    """The chooser of a new partnership lists every company of the portal on purpose (name,
    SIRET, town: public SIRENE data), never their contacts."""
    client.force_login(demo)
    other = School.objects.exclude(memberships__user=demo).first()
    company = Company.objects.exclude(pk__in=Company.objects.for_user(demo)).first() or (
        PartnershipFactory(school=other).company
    )
    ContactFactory(company=company, last_name="Bêta-Chooser", schools=[other])
    page = client.get(
        reverse("partenariats_choix_entreprise:choose_results"), {"q": company.name}
    ).content.decode()
    assert "Bêta-Chooser" not in page
