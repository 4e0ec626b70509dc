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
import itertools
import logging
import smtplib
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from . import conf
from .models import Reminder, ReminderStatus, StaffOptOut, Unsubscription
from .rules import REGISTRY, ReminderRule

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "rappels.desabonnement"
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


def _plan_rule(rule: ReminderRule, *, today: datetime.date, now: datetime.datetime) -> int:
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
                    recipient_user_id=recipient.user_id,
                    recipient_contact_id=recipient.contact_id,
                    external=rule.external or recipient.contact_id is not None,
                    due_at=due_at,
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


def day_start(now: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)


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
                from .tasks import send_batch

                transaction.on_commit(lambda token=token: send_batch.delay(token))
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
    unsubscribed = Unsubscription.objects.filter(
        email=OuterRef("recipient_email"), kind=OuterRef("kind")
    )
    skipped += due.filter(Exists(unsubscribed)).update(
        status=ReminderStatus.SKIPPED, last_error="Le destinataire s’est désabonné de ces rappels."
    )
    skipped += due.exclude(rule_code__in=list(REGISTRY)).update(
        status=ReminderStatus.SKIPPED, last_error="Cette règle de rappel n’existe plus."
    )
    return skipped


def _due_chunks(now: datetime.datetime):
    """Due rows as lists of (id, email), about one batch each, never splitting a person."""
    # At most one reminder mail a day: a person mailed today, or being mailed, waits until tomorrow.
    busy = Reminder.objects.filter(recipient_email=OuterRef("recipient_email")).filter(
        Q(status=ReminderStatus.CLAIMED)
        | Q(status=ReminderStatus.SENT, sent_at__gte=day_start(now))
    )
    # Back-pressure: never more rows waiting in the queue than the workers send before their
    # claims would look stale (scan_limit well below claim_timeout × mails per second).
    limit = conf.scan_limit() - Reminder.objects.filter(status=ReminderStatus.CLAIMED).count()
    if limit <= 0:
        return
    rows = list(
        Reminder.objects.due(now)
        .exclude(Exists(busy))
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


# --- Sending --------------------------------------------------------------------------------


class _ConnectionDown(Exception):
    pass


def reminders_send_batch(*, token: str) -> Counter:
    """Send the rows claimed with `token`, one mail per person; safe to run twice."""
    stats: Counter = Counter()
    rows = list(
        Reminder.objects.filter(claim_token=token, status=ReminderStatus.CLAIMED).order_by(
            "recipient_email", "id"
        )
    )
    if not rows:
        return stats
    objects = _load_objects(rows)
    claim = _Claim(token, [row.id for row in rows])
    mail_connection = get_connection()
    down: str | None = None
    try:
        for email, group in itertools.groupby(rows, key=lambda row: row.recipient_email):
            group = list(group)
            if down:
                stats["released"] += _release(group, token, error=down)
                continue
            try:
                stats[_send_group(email, group, objects, mail_connection, claim)] += len(group)
            except _ConnectionDown as exc:
                down = str(exc)
                stats["retry"] += len(group)
            finally:
                claim.done(group)
    finally:
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 - a dead server may also fail to say goodbye
            logger.warning("fermeture de la connexion au serveur de courriel en échec")
    return stats


def _load_objects(rows: list[Reminder]) -> dict[tuple[int, int], object]:
    wanted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for row in rows:
        wanted[(row.rule_code, row.content_type_id)].add(row.object_id)
    objects = {}
    for (code, content_type_id), ids in wanted.items():
        rule = REGISTRY.get(code)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if rule is None or model is None:
            continue
        for obj in rule.select_for_mail(model._default_manager.filter(pk__in=ids)):
            objects[(content_type_id, obj.pk)] = obj
    return objects


class _Claim:
    """The rows a send task holds; the claim is refreshed now and then, not at every mail.

    Refreshing every claim_timeout / 10 keeps a live task's rows from being taken back by the
    scan, while a dead task's rows go stale; a row the scan took back is never sent by this task.
    """

    def __init__(self, token: str, ids: list[int]):
        self.token = token
        self.owned = set(ids)
        self.remaining = set(ids)
        self.every = conf.claim_timeout().total_seconds() / 10
        self.refreshed_at: float | None = None

    def keep(self, group: list[Reminder]) -> list[Reminder]:
        if self.refreshed_at is None or time.monotonic() - self.refreshed_at > self.every:
            rows = Reminder.objects.filter(claim_token=self.token, status=ReminderStatus.CLAIMED)
            if rows.update(claimed_at=timezone.now()) != len(self.remaining):
                self.owned = set(rows.values_list("id", flat=True))
            self.refreshed_at = time.monotonic()
        return [row for row in group if row.id in self.owned]

    def done(self, group: list[Reminder]) -> None:
        self.remaining -= {row.id for row in group}


def _send_group(email, group, objects, mail_connection, claim) -> str:
    token = claim.token
    group = claim.keep(group)
    if not group:
        return "lost"
    items, gone = [], []
    for row in group:
        rule = REGISTRY.get(row.rule_code)
        obj = objects.get((row.content_type_id, row.object_id))
        (items if rule is not None and obj is not None else gone).append((row, rule, obj))
    if gone:
        _finish(
            [row for row, _, _ in gone],
            token,
            status=ReminderStatus.SKIPPED,
            error="L’objet de ce rappel n’existe plus.",
        )
    # Things change between planning and sending (a convention extended, a partnership ended).
    moot = [(row, rule, obj) for row, rule, obj in items if not _still_due(rule, obj, row)]
    if moot:
        _finish(
            [row for row, _, _ in moot],
            token,
            status=ReminderStatus.SKIPPED,
            error="Ce rappel n’a plus lieu d’être : la situation a changé depuis sa planification.",
        )
        items = [item for item in items if item not in moot]
    if not items:
        return "skipped"
    rows = [row for row, _, _ in items]
    try:
        message = build_message(email, items, mail_connection)
    except Exception as exc:  # noqa: BLE001 - a broken template must not block the batch
        logger.exception("rappel %s : le courriel n’a pas pu être composé", rows[0].rule_code)
        _finish(rows, token, status=ReminderStatus.FAILED, error=f"Composition : {exc}")
        return "failed"
    try:
        mail_connection.open()
        mail_connection.send_messages([message])
    except Exception as exc:  # noqa: BLE001 - sorted below, re-raised when unknown
        kind = classify_mail_error(exc)
        if kind == "permanent":
            _finish(rows, token, status=ReminderStatus.FAILED, error=_describe(exc))
            return "failed"
        outcome = _retry_later(rows, token, error=_describe(exc))
        if kind == "connection":
            raise _ConnectionDown(_describe(exc)) from exc
        return outcome
    _finish(rows, token, status=ReminderStatus.SENT)
    return "sent"


def _still_due(rule, obj, row) -> bool:
    try:
        return rule.still_due(obj, row.occasion)
    except Exception:  # noqa: BLE001 - a faulty check must not block the others' mails
        logger.exception("rappel %s : vérification avant envoi en échec", row.rule_code)
        return True


def classify_mail_error(exc: Exception) -> str:
    """'permanent' (do not retry), 'temporary' (this mail only) or 'connection' (server down)."""
    try:
        from anymail.exceptions import AnymailError, AnymailRecipientsRefused
    except ImportError:  # pragma: no cover - anymail is a dependency
        AnymailError = AnymailRecipientsRefused = ()  # noqa: N806
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return "permanent" if codes and all(code >= 500 for code in codes) else "temporary"
    if AnymailRecipientsRefused and isinstance(exc, AnymailRecipientsRefused):
        return "permanent"
    if isinstance(exc, smtplib.SMTPConnectError):
        return "connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        return "permanent" if exc.smtp_code >= 500 else "temporary"
    if isinstance(exc, OSError):  # refused, reset, timeout, server disconnected
        return "connection"
    if AnymailError and isinstance(exc, AnymailError):
        return "temporary"
    raise exc


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__} : {exc}"[:1000]


def _finish(rows, token, *, status, error: str = "") -> int:
    now = timezone.now()
    return Reminder.objects.filter(
        id__in=[row.id for row in rows], claim_token=token, status=ReminderStatus.CLAIMED
    ).update(
        status=status,
        sent_at=now if status == ReminderStatus.SENT else None,
        attempts=F("attempts") + (0 if status == ReminderStatus.SKIPPED else 1),
        last_error=error,
    )


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed attempt."""
    return conf.retry_base() * (2 ** max(attempts - 1, 0))


def _retry_later(rows, token, *, error: str) -> str:
    """A temporary failure: back to pending with a later due time, or failed after the last try."""
    attempts = max(row.attempts for row in rows) + 1
    ids = [row.id for row in rows]
    mine = Reminder.objects.filter(id__in=ids, claim_token=token, status=ReminderStatus.CLAIMED)
    if attempts >= conf.max_attempts():
        mine.update(
            status=ReminderStatus.FAILED,
            attempts=attempts,
            last_error=f"Abandon après {attempts} tentatives. {error}",
        )
        return "failed"
    mine.update(
        status=ReminderStatus.PENDING,
        claim_token="",
        claimed_at=None,
        attempts=attempts,
        due_at=timezone.now() + retry_delay(attempts),
        last_error=error,
    )
    return "retry"


def _release(rows, token, *, error: str) -> int:
    """Rows not tried because the server is down: pending again, without counting an attempt."""
    return Reminder.objects.filter(
        id__in=[row.id for row in rows], claim_token=token, status=ReminderStatus.CLAIMED
    ).update(
        status=ReminderStatus.PENDING,
        claim_token="",
        claimed_at=None,
        due_at=timezone.now() + conf.retry_base(),
        last_error=f"Non tenté, serveur de courriel indisponible : {error}"[:1000],
    )


# --- The mail -------------------------------------------------------------------------------


def absolute_url(url: str) -> str:
    if url and url.startswith("/"):
        return settings.PORTAL_BASE_URL + url
    return url


def object_admin_url(obj) -> str:
    """The object's page in the staff space, when a Wagtail viewset knows it."""
    from wagtail.admin.admin_url_finder import AdminURLFinder

    try:
        return AdminURLFinder().get_edit_url(obj) or ""
    except Exception:  # noqa: BLE001 - no viewset for this model: no link rather than no mail
        return ""


def build_message(email: str, items, mail_connection=None) -> EmailMultiAlternatives:
    """One mail for one person, listing each item (rule template), with the unsubscribe link."""
    name = next((row.recipient_name for row, _, _ in items if row.recipient_name), "")
    entries = []
    with translation.override("fr"):
        for row, rule, obj in items:
            context = {"object": obj, "reminder": row, "rule": rule, "recipient_name": name}
            context.update(rule.context(obj))
            context["url"] = absolute_url(context.get("url") or object_admin_url(obj))
            entries.append(
                {
                    "rule": rule,
                    "reminder": row,
                    "url": context["url"],
                    "text": render_to_string(f"{rule.template}.txt", context).strip(),
                    "html": render_to_string(f"{rule.template}.html", context),
                }
            )
        external_kinds = sorted({row.kind for row, _, _ in items if row.external})
        unsubscribe_url = unsubscribe_link(email, external_kinds) if external_kinds else ""
        staff = any(row.recipient_user_id for row, _, _ in items)
        context = {
            "name": name,
            "entries": entries,
            "unsubscribe_url": unsubscribe_url,
            "preferences_url": absolute_url(reverse("wagtailadmin_account")) if staff else "",
            "site_name": settings.WAGTAIL_SITE_NAME,
            "base_url": settings.PORTAL_BASE_URL,
        }
        if len(items) == 1:
            _, rule, obj = items[0]
            subject = rule.subject(obj)
        else:
            subject = f"{len(items)} rappels du bureau des entreprises"
        text = render_to_string("rappels/mail/rappels.txt", context)
        html = render_to_string("rappels/mail/rappels.html", context)
    headers = {"Auto-Submitted": "auto-generated"}
    if unsubscribe_url:
        # RFC 8058: mail clients offer a one-click unsubscribe (a POST to this address).
        headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = EmailMultiAlternatives(
        subject=subject, body=text, to=[email], headers=headers, connection=mail_connection
    )
    message.attach_alternative(html, "text/html")
    for _, rule, obj in items:
        for filename, content, mimetype in rule.attachments(obj):
            message.attach(filename, content, mimetype)
    return message


# --- Unsubscribing and preferences ----------------------------------------------------------


def unsubscribe_token(email: str, kinds: list[str]) -> str:
    return signing.dumps({"e": email, "k": sorted(kinds)}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_link(email: str, kinds: list[str]) -> str:
    return absolute_url(reverse("rappels:desabonnement", args=[unsubscribe_token(email, kinds)]))


def unsubscribe_read(token: str) -> tuple[str, list[str]]:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
        return data["e"], list(data["k"])
    except (signing.BadSignature, KeyError, TypeError) as exc:
        raise ReminderError(
            "Ce lien de désabonnement n’est pas valide : copiez-le en entier depuis le courriel."
        ) from exc


def kind_labels(kinds: list[str]) -> list[str]:
    """What a person reads for each unsubscribe category: the labels of its rules."""
    labels = []
    for kind in kinds:
        names = [rule.label for rule in REGISTRY.values() if rule.unsubscribe_kind == kind]
        labels.append(", ".join(names) or kind)
    return labels


@transaction.atomic
def unsubscription_record(*, token: str) -> tuple[str, list[str]]:
    """Record the unsubscription a signed link carries; pending rows of those kinds are dropped."""
    email, kinds = unsubscribe_read(token)
    Unsubscription.objects.bulk_create(
        [Unsubscription(email=email, kind=kind) for kind in kinds], ignore_conflicts=True
    )
    Reminder.objects.filter(
        recipient_email=email, kind__in=kinds, status=ReminderStatus.PENDING
    ).update(
        status=ReminderStatus.SKIPPED, last_error="Le destinataire s’est désabonné de ces rappels."
    )
    return email, kinds


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
