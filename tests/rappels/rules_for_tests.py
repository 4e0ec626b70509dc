"""Rules that exist only in the tests, on a plain model (School), to drive the engine."""

from etablissements.models import School
from rappels.rules import Recipient, ReminderRule


class SchoolRule(ReminderRule):
    code = "test_ecole"
    label = "Rappel de test sur l’établissement"
    template = "rappels_test/ecole"
    # school pk -> recipients; by default the school's BDE address.
    recipients_by_school: dict[int, list[Recipient]] = {}

    def due(self, today):
        return School.objects.exclude(bde_email="").order_by("pk")

    def occasion(self, obj):
        return "occasion-1"

    def recipients(self, obj):
        return self.recipients_by_school.get(obj.pk) or [
            Recipient(email=obj.bde_email, name=f"Bureau {obj.name}")
        ]

    def context(self, obj):
        return {"school": obj, "url": f"/etablissements/{obj.pk}/"}

    def subject(self, obj):
        return f"Rappel : {obj.name}"

    def school_id(self, obj):
        return obj.pk


class SchoolExternalRule(SchoolRule):
    code = "test_ecole_externe"
    label = "Rappel de test aux partenaires"
    external = True
    kind = "test_partenaires"
