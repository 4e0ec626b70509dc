import factory
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from rappels.models import Reminder, ReminderStatus
from tests.partenariats.factories import PartnershipFactory


class ReminderFactory(factory.django.DjangoModelFactory):
    """A reminder row about a partnership (the convention rule), as the engine writes them."""

    class Meta:
        model = Reminder
        exclude = ["partnership"]

    partnership = factory.SubFactory(PartnershipFactory)
    rule_code = "partenariat_convention_fin"
    kind = "partenariat_convention_fin"
    content_type = factory.LazyFunction(
        lambda: ContentType.objects.get(app_label="partenariats", model="partnership")
    )
    object_id = factory.LazyAttribute(lambda r: r.partnership.pk)
    object_label = factory.LazyAttribute(lambda r: str(r.partnership))
    school = factory.LazyAttribute(lambda r: r.partnership.school)
    occasion = "fin-2027-08-31"
    recipient_email = factory.Sequence(lambda n: f"destinataire{n}@lycee.example")
    status = ReminderStatus.PENDING
    due_at = factory.LazyFunction(timezone.now)

    class Params:
        sent = factory.Trait(
            status=ReminderStatus.SENT, sent_at=factory.LazyFunction(timezone.now), attempts=1
        )
        failed = factory.Trait(
            status=ReminderStatus.FAILED,
            attempts=6,
            last_error="Abandon après 6 tentatives. SMTPDataError : 451",
        )
