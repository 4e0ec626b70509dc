"""Figures a person just caused show within a minute: the refresh of the indicators is queued
after the writes that change them (debounced: the writes of those seconds share one run), or at
once when someone asks for it (« Recalculer maintenant »); beat still runs it every hour. Where
a run is long (the national size), the runs after writes are spaced by ten times its length."""

import math
import time

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from common.queue import task_debounce_pending, task_queue_debounced, tunable
from formations.models import Event, MentoringPair, Registration, TutorTraining
from offres.models import Submission, SubmissionSchool
from pacte.models import ActivityReport, Engagement, EngagementPart
from partenariats.models import Interaction

from .tasks import LAST_RUN_KEY, REFRESH_KEY, indicators_refresh

# A refresh after writes starts no sooner than this many times its last run's length after that
# run's start: the refresh never takes more than a tenth of a worker. The demo's (0.05 s) waits
# its 30 s; at national size (10,500 rows rebuilt, about 40 s) writes all day long would
# otherwise keep a worker refreshing more than half the time; they wait some 7 minutes.
SPACING = 10

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


def spaced_delay(delay: int, now: float | None = None) -> int:
    """`delay`, or longer, so that the run starts `SPACING` times the last one's length after
    its start."""
    last = cache.get(LAST_RUN_KEY)
    if not last:
        return delay
    started, seconds = last
    earliest = started + SPACING * seconds
    return max(delay, math.ceil(earliest - (now if now is not None else time.time())))


def indicators_changed(**kwargs) -> None:
    """A write changed what the indicators count (a signal receiver, or a plain call)."""
    delay = refresh_delay()
    if delay > 0:
        indicators_refresh_soon(delay=spaced_delay(delay))


def indicators_refresh_pending() -> bool:
    return task_debounce_pending(REFRESH_KEY)


def connect() -> None:
    """Called from the app's ready()."""
    for model in COUNTED:
        for signal in (post_save, post_delete):
            signal.connect(
                indicators_changed, sender=model, dispatch_uid=f"indicateurs-{model.__name__}"
            )
