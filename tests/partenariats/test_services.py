import datetime

import pytest

from partenariats.models import Partnership, PartnershipStatusChange
from partenariats.services import (
    PartnershipError,
    interaction_log,
    partnership_get_or_create,
    partnership_set_status,
)
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_a_partnership_is_created_once_and_its_first_status_logged():
    school, company = SchoolFactory(), CompanyFactory()
    first, created = partnership_get_or_create(school=school, company=company)
    again, created_again = partnership_get_or_create(school=school, company=company)

    assert created and not created_again and first == again
    assert list(first.status_changes.values_list("to_status", flat=True)) == ["prospect"]


def test_status_transitions_are_guarded_and_logged():
    partnership = PartnershipFactory(prospect=True)
    user = staff_user(partnership.school)

    partnership_set_status(partnership=partnership, status="actif", by=user, comment="signature")
    with pytest.raises(PartnershipError, match="ne peut pas passer directement"):
        partnership_set_status(partnership=PartnershipFactory(prospect=True), status="en_sommeil")

    change = PartnershipStatusChange.objects.get(partnership=partnership)
    assert (change.from_status, change.to_status, change.changed_by) == ("prospect", "actif", user)
    assert Partnership.objects.get(pk=partnership.pk).status == "actif"


def test_logging_an_interaction_keeps_the_last_interaction_date():
    partnership = PartnershipFactory()
    interaction_log(partnership=partnership, kind="visite", occurred_on=datetime.date(2026, 3, 1))
    interaction_log(partnership=partnership, kind="appel", occurred_on=datetime.date(2026, 1, 5))

    partnership.refresh_from_db()
    assert partnership.last_interaction_on == datetime.date(2026, 3, 1)


def test_querysets_find_conventions_ending_and_silent_partnerships():
    today = datetime.date(2026, 11, 23)
    ending = PartnershipFactory(
        convention_signed_on=datetime.date(2024, 1, 1),
        convention_end=today + datetime.timedelta(days=60),
    )
    PartnershipFactory(
        convention_signed_on=datetime.date(2024, 1, 1),
        convention_end=today + datetime.timedelta(days=61),
    )
    silent = PartnershipFactory()
    interaction_log(partnership=silent, kind="appel", occurred_on=datetime.date(2026, 4, 1))
    lively = PartnershipFactory()
    interaction_log(partnership=lively, kind="appel", occurred_on=datetime.date(2026, 10, 1))

    assert list(Partnership.objects.convention_ending_within(60, today=today)) == [ending]
    since = datetime.date(2026, 5, 23)
    assert silent in Partnership.objects.without_interaction_since(since)
    assert lively not in Partnership.objects.without_interaction_since(since)


def test_partnerships_and_their_journal_are_scoped_to_the_users_school():
    mine = PartnershipFactory()
    other = PartnershipFactory()
    interaction_log(partnership=other, kind="appel", occurred_on=datetime.date(2026, 1, 1))
    user = staff_user(mine.school)

    from partenariats.models import Interaction

    assert list(Partnership.objects.for_user(user)) == [mine]
    assert Interaction.objects.for_user(user).count() == 0
