"""A user of school A never sees school B's partnerships, roadmaps or journals."""

import pytest

from partenariats.models import Partnership
from tests.entreprises.factories import CompanyFactory
from tests.partenariats.conftest import text
from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(school_a, school_b):
    mine = PartnershipFactory(school=school_a, company=CompanyFactory(name="Menuiserie Alpha"))
    theirs = PartnershipFactory(school=school_b, company=CompanyFactory(name="Garage Bêta"))
    return {
        "mine": mine,
        "theirs": theirs,
        "their_interaction": InteractionFactory(partnership=theirs, note="Note secrète de Bêta"),
        "their_action": RoadmapActionFactory(partnership=theirs, title="Action secrète de Bêta"),
        "my_interaction": InteractionFactory(partnership=mine, note="Visite chez Alpha"),
        "my_action": RoadmapActionFactory(partnership=mine, title="Forum des métiers Alpha"),
    }


def test_the_list_shows_only_the_users_school(client_a, rows):
    html = text(client_a.get("/admin/partenariats/"))

    assert "Menuiserie Alpha" in html
    assert "Garage Bêta" not in html


def test_search_finds_nothing_of_another_school(client_a, rows):
    html = text(client_a.get("/admin/partenariats/", {"q": "Garage"}))
    assert "Garage Bêta" not in html

    by_siret = text(client_a.get("/admin/partenariats/", {"q": rows["theirs"].company.siret}))
    assert "Garage Bêta" not in by_siret


def test_the_export_holds_only_the_users_school(client_a, rows):
    csv = text(client_a.get("/admin/partenariats/", {"export": "csv"}))

    assert "Menuiserie Alpha" in csv
    assert "Garage Bêta" not in csv


@pytest.mark.parametrize("view", ["inspect", "edit", "delete", "history"])
def test_another_schools_partnership_is_not_found_by_its_id(client_a, rows, view):
    response = client_a.get(f"/admin/partenariats/{view}/{rows['theirs'].pk}/")

    assert response.status_code == 404
    assert "Garage Bêta" not in text(response)


def test_another_schools_partnership_cannot_be_changed_by_posting(client_a, rows):
    theirs = rows["theirs"]
    client_a.post(f"/admin/partenariats/delete/{theirs.pk}/")
    client_a.post(
        f"/admin/partenariats/edit/{theirs.pk}/",
        {"school": theirs.school_id, "company": theirs.company_id, "status": "termine"},
    )

    assert Partnership.objects.get(pk=theirs.pk).status == "actif"


def test_journal_and_roadmap_lists_show_only_the_users_school(client_a, rows):
    journal = text(client_a.get("/admin/partenariats/journal/"))
    roadmap = text(client_a.get("/admin/partenariats/feuille-de-route/"))

    assert "Visite chez Alpha" in journal and "Note secrète de Bêta" not in journal
    assert "Forum des métiers Alpha" in roadmap and "Action secrète de Bêta" not in roadmap


def test_the_partnership_page_shows_only_its_own_journal(client_a, rows):
    html = text(client_a.get(f"/admin/partenariats/inspect/{rows['mine'].pk}/"))

    assert "Visite chez Alpha" in html and "Forum des métiers Alpha" in html
    assert "Note secrète de Bêta" not in html and "Action secrète de Bêta" not in html


@pytest.mark.parametrize(
    "url",
    [
        "/admin/partenariats/journal/edit/{their_interaction}/",
        "/admin/partenariats/journal/delete/{their_interaction}/",
        "/admin/partenariats/feuille-de-route/edit/{their_action}/",
        "/admin/partenariats/feuille-de-route/delete/{their_action}/",
        "/admin/partenariats/journal/new/?partnership={theirs}",
        "/admin/partenariats/feuille-de-route/new/?partnership={theirs}",
    ],
)
def test_another_schools_journal_and_roadmap_are_not_found_by_id(client_a, rows, url):
    ids = {key: obj.pk for key, obj in rows.items()}
    response = client_a.get(url.format(**ids))

    assert response.status_code == 404
    assert "secrète" not in text(response)


def test_an_entry_cannot_be_added_to_another_schools_journal(client_a, rows):
    theirs = rows["theirs"]
    client_a.post(
        f"/admin/partenariats/journal/new/?partnership={theirs.pk}",
        {"kind": "appel", "occurred_on": "2026-11-02", "note": "intrusion"},
    )

    assert not theirs.interactions.filter(note="intrusion").exists()


def test_a_partnership_cannot_be_created_for_another_school(client_a, rows, school_b):
    company = CompanyFactory(name="Plomberie Gamma")
    response = client_a.post(
        "/admin/partenariats/new/",
        {"school": school_b.pk, "company": company.pk, "status": "prospect"},
    )

    assert not Partnership.objects.filter(company=company).exists()
    assert "Sélectionnez un choix valide" in text(response)
