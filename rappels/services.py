"""The reminder engine: plan rows from the rules, claim the due ones in batches, send them grouped.

A reminder is a row, never a Celery task waiting with an ETA. Its life:
    planned (en attente) -> claimed by a scan (en cours, with a token) -> sent (envoyé)
                                                                        -> pending again, later
                                                                           (temporary failure)
                                                                        -> failed (échec)
    or ignored (ignoré): the person switched it off, unsubscribed, or the object is gone.
The unique constraint (rule, object, recipient, occasion) makes planning idempotent; the claim
token makes sending idempotent: a task only sends the rows still claimed by its own token.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

from celery import current_app
from django.contrib.contenttypes.models import ContentType
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from common.dates import day_start
from courriels.services import opted_out_filter

from . import conf
from .mails import reminders_send_batch  # noqa: F401 - the engine in one import
from .models import Reminder, ReminderStatus, StaffOptOut
from .rules import REGISTRY, ReminderRule

logger = logging.getLogger(__name__)

PLAN_CHUNK = 1000


class ReminderError(Exception):
    """A reminder operation refused, with a message for a person (in French)."""


# --- Planning -------------------------------------------------------------------------------


def reminders_plan(
    *,
    today: datetime.date | None = None,
    now: datetime.datetime | None = None,
    cadence: str | None = None,
    codes: list[str] | None = None,
) -> int:
    """Insert the missing rows of every rule's due objects; return how many rows were offered."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    offered = 0
    for rule in list(REGISTRY.values()):
        if codes is not None and rule.code not in codes:
            continue
        if cadence is not None and rule.cadence != cadence:
            continue
        offered += _plan_rule(rule, today=today, now=now)
    return offered


@transaction.atomic
def reminders_plan_objects(*, code: str, queryset, now: datetime.datetime | None = None) -> int:
    """Plan one rule for these objects now (an event that should not wait for the hourly run)."""
    now = now or timezone.now()
    return _plan_rule(REGISTRY[code], today=timezone.localdate(now), now=now, queryset=queryset)


def reminders_claim_objects(
    *, code: str, content_type_id: int, object_ids: list[int], now=None
) -> str | None:
    """Claim the due rows of one rule for these objects, as a scan would; return the token.

    For an event the person expects to hear of at once (`rappels.tasks.send_now`): what they
    switched off is dropped first, and the rows a scan took already are left to it."""
    now = now or timezone.now()
    reminders_skip_unwanted(now=now)
    rows = list(
        Reminder.objects.due(now)
        .filter(rule_code=code, content_type_id=content_type_id, object_id__in=object_ids)
        .order_by("recipient_email", "id")
        .values_list("id", "recipient_email")
    )
    return _claim(rows, now) if rows else None


def _plan_rule(
    rule: ReminderRule, *, today: datetime.date, now: datetime.datetime, queryset=None
) -> int:
    if queryset is None:
        queryset = rule.due(today)
    content_type = ContentType.objects.get_for_model(queryset.model)
    rows: list[Reminder] = []
    offered = 0
    for obj in queryset.iterator(chunk_size=PLAN_CHUNK):
        occasion = str(rule.occasion(obj))[:100]
        due_at = rule.due_at(obj, today) or now
        school_id = rule.school_id(obj)
        label = str(obj)[:255]
        seen: set[str] = set()
        for recipient in rule.recipients(obj):
            email = (recipient.email or "").strip().lower()
            if not email or email in seen:
                continue
            seen.add(email)
            rows.append(
                Reminder(
                    rule_code=rule.code,
                    kind=rule.unsubscribe_kind,
                    content_type=content_type,
                    object_id=obj.pk,
                    object_label=label,
                    school_id=school_id,
                    occasion=occasion,
                    recipient_email=email,
                    recipient_name=(recipient.name or "")[:200],
                    recipient_first_name=(recipient.first_name or "")[:150],
                    recipient_user_id=recipient.user_id,
                    recipient_contact_id=recipient.contact_id,
                    external=rule.external or recipient.contact_id is not None,
                    due_at=recipient.due_at or due_at,
                )
            )
        if len(rows) >= PLAN_CHUNK:
            offered += _insert(rows)
            rows = []
    if rows:
        offered += _insert(rows)
    return offered


def _insert(rows: list[Reminder]) -> int:
    # The unique constraint turns a second planning of the same occasion into nothing.
    Reminder.objects.bulk_create(rows, ignore_conflicts=True, batch_size=500)
    return len(rows)


# --- Scanning and claiming ------------------------------------------------------------------


@dataclass
class ScanResult:
    reclaimed: int = 0
    skipped: int = 0
    tokens: list[str] | None = None

    @property
    def batches(self) -> int:
        return len(self.tokens or [])


def reminders_scan(
    *,
    now: datetime.datetime | None = None,
    claim_timeout: datetime.timedelta | None = None,
    dispatch: bool = True,
) -> ScanResult:
    """Take back stale claims, drop unwanted rows, claim the due ones in batches, fan out."""
    now = now or timezone.now()
    result = ScanResult(tokens=[])
    result.reclaimed = reminders_reclaim(now=now, older_than=claim_timeout)
    result.skipped = reminders_skip_unwanted(now=now)
    for chunk in _due_chunks(now):
        token = _claim(chunk, now)
        if token:
            result.tokens.append(token)
            if dispatch:
                transaction.on_commit(
                    lambda token=token: current_app.send_task(
                        "rappels.tasks.send_batch", args=[token]
                    )
                )
    return result


def reminders_reclaim(*, now: datetime.datetime, older_than: datetime.timedelta | None = None):
    """Claims left by a dead worker go back to the pending rows."""
    cutoff = now - (conf.claim_timeout() if older_than is None else older_than)
    return Reminder.objects.filter(status=ReminderStatus.CLAIMED, claimed_at__lt=cutoff).update(
        status=ReminderStatus.PENDING, claim_token="", claimed_at=None
    )


def reminders_skip_unwanted(*, now: datetime.datetime) -> int:
    """Mark ignored what the person switched off or unsubscribed from, before any claim."""
    due = Reminder.objects.due(now)
    optional_codes = [code for code, rule in REGISTRY.items() if rule.optional]
    opted_out = StaffOptOut.objects.filter(
        user=OuterRef("recipient_user"), rule_code=OuterRef("rule_code")
    )
    skipped = (
        due.filter(rule_code__in=optional_codes, recipient_user__isnull=False)
        .filter(Exists(opted_out))
        .update(
            status=ReminderStatus.SKIPPED,
            last_error="Le destinataire a désactivé ce rappel dans son profil.",
        )
    )
    skipped += due.filter(opted_out_filter("recipient_email", kind_field="kind")).update(
        status=ReminderStatus.SKIPPED, last_error="Le destinataire s’est désabonné de ces rappels."
    )
    skipped += due.exclude(rule_code__in=list(REGISTRY)).update(
        status=ReminderStatus.SKIPPED, last_error="Cette règle de rappel n’existe plus."
    )
    return skipped


def _due_chunks(now: datetime.datetime):
    """Due rows as lists of (id, email), about one batch each, never splitting a person."""
    # At most one reminder mail a day: a person mailed today, or being mailed, waits until tomorrow;
    # the rules outside that cap (a person's "immediately") wait only for a mail being written.
    uncapped = [code for code, rule in REGISTRY.items() if not rule.daily_cap]
    person = Reminder.objects.filter(recipient_email=OuterRef("recipient_email"))
    being_mailed = person.filter(status=ReminderStatus.CLAIMED)
    mailed_today = person.filter(status=ReminderStatus.SENT, sent_at__gte=day_start(now)).exclude(
        rule_code__in=uncapped
    )
    # Back-pressure: never more rows waiting in the queue than the workers send before their
    # claims would look stale (scan_limit well below claim_timeout × mails per second).
    limit = conf.scan_limit() - Reminder.objects.filter(status=ReminderStatus.CLAIMED).count()
    if limit <= 0:
        return
    rows = list(
        Reminder.objects.due(now)
        .exclude(Exists(being_mailed))
        .exclude(Q(Exists(mailed_today)) & ~Q(rule_code__in=uncapped))
        .order_by("recipient_email", "id")
        .values_list("id", "recipient_email")[: limit + 1]
    )
    if len(rows) > limit:
        # The listing was cut: leave the last person's items for the next scan, all together.
        last = rows[-1][1]
        kept = [row for row in rows if row[1] != last]
        rows = kept or rows
    size = conf.batch_size()
    chunk: list[tuple[int, str]] = []
    for row in rows:
        if len(chunk) >= size and row[1] != chunk[-1][1]:
            yield chunk
            chunk = []
        chunk.append(row)
    if chunk:
        yield chunk


def _claim(chunk: list[tuple[int, str]], now: datetime.datetime) -> str | None:
    """Claim these rows for one send task; return its token (None if another scan got them)."""
    ids = [row_id for row_id, _ in chunk]
    email_of = dict(chunk)
    token = uuid.uuid4().hex
    with transaction.atomic():
        candidates = Reminder.objects.filter(
            id__in=ids, status=ReminderStatus.PENDING, due_at__lte=now
        )
        if db_connection.features.has_select_for_update_skip_locked:
            # PostgreSQL: rows another scan holds are skipped, not waited for.
            candidates = candidates.select_for_update(skip_locked=True)
        available = set(candidates.values_list("id", flat=True))
        # A person's items leave in one mail: never claim part of them.
        partial = {email_of[row_id] for row_id in ids if row_id not in available}
        wanted = [
            row_id for row_id in ids if row_id in available and email_of[row_id] not in partial
        ]
        if not wanted:
            return None
        # The conditional UPDATE is the claim itself (SQLite has no row locks).
        claimed = Reminder.objects.filter(id__in=wanted, status=ReminderStatus.PENDING).update(
            status=ReminderStatus.CLAIMED, claim_token=token, claimed_at=now
        )
    return token if claimed else None


# --- Preferences ----------------------------------------------------------------------------


def optional_rules() -> list[ReminderRule]:
    return sorted(
        (rule for rule in REGISTRY.values() if rule.optional and not rule.external),
        key=lambda rule: rule.label,
    )


@transaction.atomic
def staff_preferences_set(*, user, disabled_codes: list[str]) -> None:
    """Keep exactly `disabled_codes` switched off for `user` (only optional rules can be)."""
    allowed = {rule.code for rule in optional_rules()}
    unknown = set(disabled_codes) - allowed
    if unknown:
        raise ReminderError("Ce rappel est obligatoire ou n’existe pas : " + ", ".join(unknown))
    StaffOptOut.objects.filter(user=user).exclude(rule_code__in=disabled_codes).delete()
    StaffOptOut.objects.bulk_create(
        [StaffOptOut(user=user, rule_code=code) for code in disabled_codes],
        ignore_conflicts=True,
    )


def rule_counts(queryset) -> dict[str, Counter]:
    """Rows of `queryset` per rule and status, in one query."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in queryset.order_by().values("rule_code", "status").annotate(n=Count("id")):
        counts[row["rule_code"]][row["status"]] = row["n"]
    return counts
