"""The engine's own rule: each RBDE's weekly digest of what falls due in their school."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from common.dates import day_start
from etablissements.models import Membership, School
from etablissements.roles import Role

from .models import Reminder, ReminderStatus
from .recipients import rbde_recipients, with_rbdes
from .rules import REGISTRY, ReminderRule, register

DIGEST_ITEMS_PER_RULE = 20


@register
class WeeklyDigest(ReminderRule):
    code = "rappels_synthese_hebdomadaire"
    label = "Synthèse hebdomadaire des rappels de l’établissement (RBDE)"
    template = "rappels/mail/synthese"
    cadence = "hebdomadaire"

    def window(self, today: datetime.date):
        start = day_start(today - datetime.timedelta(days=7))
        return Q(due_at__gte=start) | Q(status__in=[ReminderStatus.PENDING, ReminderStatus.FAILED])

    def school_rows(self, school_id, today):
        return (
            Reminder.objects.filter(school_id=school_id)
            .exclude(rule_code=self.code)
            .filter(self.window(today))
        )

    def due(self, today):
        activity = self.school_rows(OuterRef("pk"), today)
        rbde = Membership.objects.filter(school=OuterRef("pk"), role=Role.RBDE)
        schools = School.objects.filter(Exists(activity), Exists(rbde)).order_by("pk")
        return with_rbdes(schools, school_path="")

    def occasion(self, obj):
        year, week, _ = timezone.localdate().isocalendar()
        return f"semaine-{year}-{week:02d}"

    def recipients(self, obj):
        return rbde_recipients(obj)

    def school_id(self, obj):
        return obj.pk

    def subject(self, obj):
        return f"Synthèse de la semaine : rappels de {obj.name}"

    def context(self, obj):
        today = timezone.localdate()
        rows = self.school_rows(obj.pk, today).order_by("rule_code", "due_at", "pk")
        sections: dict[str, dict] = {}
        seen = set()
        for row in rows.values(
            "rule_code", "content_type_id", "object_id", "object_label", "status"
        ):
            key = (row["rule_code"], row["content_type_id"], row["object_id"])
            if key in seen:
                continue
            seen.add(key)
            rule = REGISTRY.get(row["rule_code"])
            section = sections.setdefault(
                row["rule_code"],
                {"label": rule.label if rule else row["rule_code"], "items": [], "count": 0},
            )
            section["count"] += 1
            if len(section["items"]) < DIGEST_ITEMS_PER_RULE:
                section["items"].append(row["object_label"])
        failed = self.school_rows(obj.pk, today).filter(status=ReminderStatus.FAILED).count()
        url = reverse("rappels_admin:index") + f"?school={obj.pk}"
        return {"school": obj, "sections": list(sections.values()), "failed": failed, "url": url}
