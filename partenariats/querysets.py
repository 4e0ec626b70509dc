import datetime

from django.db.models import Q
from django.utils import timezone

from etablissements.querysets import SchoolScopedQuerySet

from .choices import PartnershipStatus


class PartnershipQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def active(self):
        return self.filter(status=PartnershipStatus.ACTIVE)

    def open(self):
        """Not ended: prospect, active or dormant."""
        return self.exclude(status=PartnershipStatus.ENDED)

    def convention_ending_within(self, days: int, today: datetime.date | None = None):
        """Conventions that end between today and today + `days` (both included)."""
        today = today or timezone.localdate()
        return self.filter(convention_end__range=(today, today + datetime.timedelta(days=days)))

    def without_interaction_since(self, since: datetime.date):
        """Open partnerships with no interaction logged since `since` (never, if created before)."""
        return self.open().filter(
            Q(last_interaction_on__lt=since)
            | Q(last_interaction_on__isnull=True, created_at__date__lt=since)
        )

    def followed_by(self, user):
        return self.filter(teacher=user)

    def with_related(self):
        return self.select_related("school", "company", "teacher")


class SchoolChildQuerySet(SchoolScopedQuerySet):
    """Rows hanging off a partnership (journal, roadmap, history) share its school."""

    school_field = "partnership__school"
