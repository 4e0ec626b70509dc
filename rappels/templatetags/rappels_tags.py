from django import template
from django.db.models import Count

from rappels.models import Reminder, ReminderStatus

register = template.Library()

OBJECT_REMINDERS_SHOWN = 50


@register.simple_tag
def object_reminders(obj):
    """The reminders of one object (sent, pending, failed…), newest first, in two queries."""
    rows = Reminder.objects.for_object(obj)
    counts = dict(rows.order_by().values_list("status").annotate(n=Count("id")))
    return {
        "rows": list(rows.order_by("-due_at", "-pk")[:OBJECT_REMINDERS_SHOWN]),
        "sent": counts.get(ReminderStatus.SENT, 0),
        "pending": counts.get(ReminderStatus.PENDING, 0) + counts.get(ReminderStatus.CLAIMED, 0),
        "failed": counts.get(ReminderStatus.FAILED, 0),
        "skipped": counts.get(ReminderStatus.SKIPPED, 0),
        "total": sum(counts.values()),
    }
