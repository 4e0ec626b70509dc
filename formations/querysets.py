"""Reads of the formations app: every staff list starts from `for_user(user)`."""

import datetime

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.utils import timezone

from etablissements.querysets import SchoolScopedQuerySet
from offres.mentoring import MENTORING_MIN_HOURS_PER_MONTH as MIN_HOURS

from .choices import PLACE_HOLDING, RegistrationStatus


class TutorTrainingQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(starts_at__gte=now or timezone.now())

    def past(self, now: datetime.datetime | None = None):
        return self.filter(ends_at__lt=now or timezone.now())

    def starting_on(self, day: datetime.date):
        return self.filter(starts_at__date=day)

    def led_by(self, user):
        return self.filter(leaders=user)

    def attendance_missing(self):
        return self.filter(attendance_recorded_at__isnull=True)

    def with_counts(self):
        return self.annotate(
            places_taken=Count("registrations", filter=Q(registrations__status__in=PLACE_HOLDING)),
            waiting_count=Count(
                "registrations", filter=Q(registrations__status=RegistrationStatus.WAITING)
            ),
        )

    def with_feedback_summary(self):
        return self.annotate(
            feedback_count=Count("registrations__feedback"),
            feedback_average=Avg("registrations__feedback__satisfaction"),
        )


class RegistrationQuerySet(SchoolScopedQuerySet):
    school_field = "training__school"

    def holding_place(self):
        return self.filter(status__in=PLACE_HOLDING)

    def waiting(self):
        return self.filter(status=RegistrationStatus.WAITING).order_by("waiting_position", "pk")

    def present(self):
        return self.filter(status=RegistrationStatus.PRESENT)

    def with_related(self):
        return self.select_related("training__school", "contact__company")


class FeedbackQuerySet(SchoolScopedQuerySet):
    school_field = "registration__training__school"


class MentoringPairQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def active(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(ended_on__isnull=True, start_date__lte=today)

    def with_checkin_summary(self):
        """Check-ins entered, hours in total, and the months under the 2 h rule."""
        return self.annotate(
            checkin_count=Count("checkins"),
            total_hours=Sum("checkins__hours"),
            months_under_minimum=Count("checkins", filter=Q(checkins__hours__lt=MIN_HOURS)),
        )

    def missing_checkins(self, months: list[datetime.date]):
        """Pairs that entered no check-in for any of `months` (first days of months)."""
        # formations.models imports this module: a real cycle.
        from .models import MonthlyCheckIn

        queryset = self
        for month in months:
            queryset = queryset.exclude(
                Exists(MonthlyCheckIn.objects.filter(pair=OuterRef("pk"), month=month))
            )
        return queryset


class MonthlyCheckInQuerySet(SchoolScopedQuerySet):
    school_field = "pair__school"

    def with_minimum_flag(self):
        """`below_two_hours`: the month did not reach the 2 hours a mentoring asks for."""
        return self.annotate(
            below_two_hours=Case(
                When(hours__lt=MIN_HOURS, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )

    def below_minimum(self):
        return self.filter(hours__lt=MIN_HOURS)


class EventQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def upcoming(self, now: datetime.datetime | None = None):
        return self.filter(starts_at__gte=now or timezone.now())

    def with_invitation_counts(self):
        return self.annotate(
            invited_count=Count("invitations"),
            yes_count=Count("invitations", filter=Q(invitations__rsvp="oui")),
            attended_count=Count("invitations", filter=Q(invitations__attended=True)),
        )


class InvitationQuerySet(SchoolScopedQuerySet):
    school_field = "event__school"
