"""A batch renders an item once per object when its rule says the item ignores the recipient."""

import datetime

import pytest
from django.utils import timezone

from courriels.models import Email
from rappels import mails
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.etablissements.factories import MembershipFactory, UserFactory
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def test_the_recipients_of_one_partnership_share_one_rendering_of_its_item(monkeypatch):
    end = timezone.localdate() + datetime.timedelta(days=30)
    partnership = PartnershipFactory(
        teacher=UserFactory(email="enseignant@lycee.example", first_name="Léa"),
        convention_signed_on=end - datetime.timedelta(days=365),
        convention_end=end,
    )
    MembershipFactory(school=partnership.school, user__email="rbde@lycee.example")
    reminders_plan(codes=["partenariat_convention_fin"])
    rendered = []
    real = mails.render_to_string

    def counting(name, context):
        rendered.append(name)
        return real(name, context)

    monkeypatch.setattr(mails, "render_to_string", counting)
    for token in reminders_scan(dispatch=False).tokens:
        reminders_send_batch(token=token)

    rows = list(Email.objects.order_by("to_email"))
    assert [row.to_email for row in rows] == ["enseignant@lycee.example", "rbde@lycee.example"]
    item = f"se termine le {end:%-d}"
    assert all(item in row.body_text and partnership.company.name in row.body_html for row in rows)
    # The item once for both; the greeting (the person's name) once per person.
    assert rendered.count("partenariats/mails/convention_fin.txt") == 1
    assert rendered.count("rappels/mail/rappels.txt") == 2
    assert "Léa" in rows[0].body_text
