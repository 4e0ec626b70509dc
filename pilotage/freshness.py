"""Figures a person just caused show within a minute: the refresh of the indicators is queued
after the writes that change them (debounced: the writes of those seconds share one run), or at
once when someone asks for it (« Recalculer maintenant »); beat still runs it every hour."""

from django.db.models.signals import post_delete, post_save

from common.queue import task_debounce_pending, task_queue_debounced, tunable
from formations.models import Event, MentoringPair, Registration, TutorTraining
from offres.models import Submission, SubmissionSchool
from pacte.models import ActivityReport, Engagement, EngagementPart
from partenariats.models import Interaction

from .tasks import REFRESH_KEY, indicators_refresh

# The rows the indicators count (pilotage.services): a save or a delete of one queues a refresh.
# Like the admin dashboard's cache (etablissements.dashboard_cache), a derived table kept in
# step, not a business effect. Writes by update() or bulk_create() send no signal: they show at
# the hourly refresh, or the next write's, or with « Recalculer maintenant ».
COUNTED = [
    Interaction,
    Submission,
    SubmissionSchool,
    TutorTraining,
    Registration,
    MentoringPair,
    Event,
    Engagement,
    EngagementPart,
    ActivityReport,
]


def refresh_delay() -> int:
    """Seconds between a write and the refresh that counts it (with the writes of those
    seconds); 0 turns the refresh after writes off (the hourly one remains)."""
    return tunable("INDICATORS_REFRESH_DELAY_SECONDS", 30)


def indicators_refresh_soon(*, delay: int = 0) -> None:
    """One refresh of the indicators in `delay` seconds, queued after the current transaction
    commits; none more while one is waiting to start."""
    task_queue_debounced(indicators_refresh, key=REFRESH_KEY, delay=delay)


def indicators_changed(**kwargs) -> None:
    """A write changed what the indicators count (a signal receiver, or a plain call)."""
    delay = refresh_delay()
    if delay > 0:
        indicators_refresh_soon(delay=delay)


def indicators_refresh_pending() -> bool:
    return task_debounce_pending(REFRESH_KEY)


def connect() -> None:
    """Called from the app's ready()."""
    for model in COUNTED:
        for signal in (post_save, post_delete):
            signal.connect(
                indicators_changed, sender=model, dispatch_uid=f"indicateurs-{model.__name__}"
            )
