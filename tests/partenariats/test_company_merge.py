"""Merging two company records (partenariats.services.company_merge): partnerships move or fold
into the kept record's; every other row pointing at the removed record moves."""

import datetime

import pytest
from django.apps import apps
from django.db import connection, models

from entreprises.models import Company, CompanyMerge, Contact
from entreprises.services import CompanyError
from etablissements.services import academy_admin_grant
from partenariats.models import Interaction, Partnership, PartnershipStatusChange, RoadmapAction
from partenariats.services import company_merge, company_merge_preview
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, UserFactory
from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db


def test_merge_moves_contacts_and_partnerships_and_folds_those_with_the_same_school():
    school_a, school_b = SchoolFactory(), SchoolFactory()
    user = UserFactory()
    academy_admin_grant(user=user)  # both records are shared by two schools
    kept = CompanyFactory(name="Garage Central", website="")
    removed = CompanyFactory(name="GARAGE CENTRAL", website="https://garage.example.fr")
    ContactFactory(company=kept)
    moved_contact = ContactFactory(company=removed)
    # Same school on both records: prospect (kept) and active (removed) must become one, active.
    kept_a = PartnershipFactory(company=kept, school=school_a, prospect=True)
    dup_a = PartnershipFactory(company=removed, school=school_a, with_convention=True)
    InteractionFactory(partnership=kept_a, occurred_on=datetime.date(2025, 1, 10))
    InteractionFactory(partnership=dup_a, occurred_on=datetime.date(2026, 3, 2))
    RoadmapActionFactory(partnership=dup_a, title="Visite de l’atelier")
    PartnershipStatusChange.objects.create(partnership=dup_a, from_status="", to_status="actif")
    removed_b = PartnershipFactory(company=removed, school=school_b)

    preview = company_merge_preview(kept=kept, removed=removed)
    assert preview["contacts"] == 1
    assert preview["partenariats"] == 1
    assert preview["partenariats réunis avec ceux de la fiche conservée"] == 1
    assert Contact.objects.get(pk=moved_contact.pk).company == removed  # preview wrote nothing

    merge = company_merge(kept=kept, removed=removed, by=user)

    assert Contact.objects.filter(company=kept).count() == 2
    assert set(Partnership.objects.filter(company=kept)) == {kept_a, removed_b}
    assert not Partnership.objects.filter(pk=dup_a.pk).exists()
    kept_a.refresh_from_db()
    assert kept_a.status == "actif"
    assert kept_a.convention_end == datetime.date(2027, 8, 31)
    assert kept_a.last_interaction_on == datetime.date(2026, 3, 2)
    assert Interaction.objects.filter(partnership=kept_a).count() == 2
    assert RoadmapAction.objects.get(partnership=kept_a).title == "Visite de l’atelier"
    assert kept_a.status_changes.filter(to_status="actif").count() == 2  # moved + merge
    removed.refresh_from_db()
    kept.refresh_from_db()
    assert removed.merged_into == kept and not removed.public_listing
    assert kept.website == "https://garage.example.fr"
    assert Company.objects.active().filter(pk=removed.pk).count() == 0
    assert merge.by == user and merge.removed_siret == removed.siret
    assert merge.removed_name == "GARAGE CENTRAL"
    assert merge.moved["contacts"] == 1 and merge.moved["partenariats"] == 1
    assert CompanyMerge.objects.get(kept=kept) == merge


def test_merge_refuses_the_same_record_or_one_already_merged():
    a, b, c = CompanyFactory(), CompanyFactory(), CompanyFactory()
    with pytest.raises(CompanyError, match="deux fiches différentes"):
        company_merge(kept=a, removed=a)
    company_merge(kept=a, removed=b)
    with pytest.raises(CompanyError, match="déjà été fusionnée"):
        company_merge(kept=c, removed=b)


@pytest.fixture
def throwaway_model():
    """A model another app could add later, with a foreign key to Company."""

    class Placement(models.Model):
        company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")
        label = models.CharField(max_length=20)

        class Meta:
            app_label = "entreprises"
            verbose_name = "placement de test"
            verbose_name_plural = "placements de test"

        def __str__(self):
            return self.label

    with connection.schema_editor() as editor:
        editor.create_model(Placement)
    yield Placement
    with connection.schema_editor() as editor:
        editor.delete_model(Placement)
    del apps.all_models["entreprises"]["placement"]
    apps.clear_cache()


@pytest.mark.django_db(transaction=True)
def test_merge_moves_rows_of_models_it_does_not_know(throwaway_model):
    kept, removed = CompanyFactory(), CompanyFactory()
    throwaway_model.objects.create(company=removed, label="stage")
    merge = company_merge(kept=kept, removed=removed)
    assert throwaway_model.objects.get().company_id == kept.pk
    assert merge.moved["placements de test"] == 1


def test_merge_moves_the_companys_submissions_and_their_contact():
    from tests.offres.factories import SubmissionFactory

    kept, removed = CompanyFactory(name="Garage Central"), CompanyFactory(name="Garage central")
    submission = SubmissionFactory(company=removed)
    merge = company_merge(kept=kept, removed=removed)
    submission.refresh_from_db()
    assert submission.company == kept and submission.contact.company == kept
    assert merge.moved["contacts"] == 1
    assert merge.moved["propositions d’entreprises"] == 1
