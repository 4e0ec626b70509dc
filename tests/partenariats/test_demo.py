import pytest

from entreprises import demo as companies_demo
from etablissements import demo as schools_demo
from partenariats import demo
from partenariats.models import (
    Interaction,
    Partnership,
    PartnershipStatus,
    PartnershipStatusChange,
    RoadmapAction,
)

pytestmark = pytest.mark.django_db


def test_demo_partnerships_cover_every_status_with_roadmaps_and_journals_and_load_once():
    schools_demo.load()
    companies_demo.load()
    demo.load()
    counts = (Partnership.objects.count(), Interaction.objects.count())
    demo.load()
    assert (Partnership.objects.count(), Interaction.objects.count()) == counts
    assert counts[0] == len(companies_demo.DEMO_COMPANIES)

    statuses = set(Partnership.objects.values_list("status", flat=True))
    assert statuses == set(PartnershipStatus.values)
    active = Partnership.objects.filter(status="actif").first()
    assert active.interactions.count() >= 3 and active.roadmap.exists()
    assert active.last_interaction_on == max(i.occurred_on for i in active.interactions.all())
    # The history replays the lifecycle: created, then active, then dormant.
    dormant = Partnership.objects.filter(status="en_sommeil").first()
    assert list(
        PartnershipStatusChange.objects.filter(partnership=dormant)
        .order_by("pk")
        .values_list("to_status", flat=True)
    ) == ["prospect", "actif", "en_sommeil"]
    assert RoadmapAction.objects.filter(done=False).exists()
    assert Partnership.objects.filter(teacher__username="enseignant").exists()
