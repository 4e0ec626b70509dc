import datetime

import factory

from partenariats.models import Interaction, Partnership, PartnershipTeacherPeriod, RoadmapAction
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partnership
        skip_postgeneration_save = True

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

    @factory.post_generation
    def teacher_since(obj, create, extracted, **kwargs):
        # As the service does: the teacher given follows it from `teacher_since` (1/09/2025).
        if create and obj.teacher_id:
            PartnershipTeacherPeriod.objects.create(
                partnership=obj,
                teacher_id=obj.teacher_id,
                since=extracted or datetime.date(2025, 9, 1),
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
