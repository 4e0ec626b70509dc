import datetime

import factory

from partenariats.models import Interaction, Partnership, RoadmapAction
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership

    school = factory.SubFactory(SchoolFactory)
    company = factory.SubFactory(CompanyFactory)
    status = "actif"

    class Params:
        prospect = factory.Trait(status="prospect")
        dormant = factory.Trait(status="en_sommeil")
        ended = factory.Trait(status="termine")
        with_convention = factory.Trait(
            convention_signed_on=datetime.date(2025, 9, 1),
            convention_end=datetime.date(2027, 8, 31),
        )


class InteractionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interaction

    partnership = factory.SubFactory(PartnershipFactory)
    kind = "appel"
    occurred_on = factory.LazyFunction(datetime.date.today)
    note = "Point sur les stages"


class RoadmapActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoadmapAction

    partnership = factory.SubFactory(PartnershipFactory)
    school_year = "2026-2027"
    title = "Accueil de stagiaires de première"
