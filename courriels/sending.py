"""Sending the outbox: claim a batch in one statement, send it on one SMTP connection, mark.

A row's life:
    en attente -> en cours (claimed with a token) -> envoyé
                                                  -> en attente, later (temporary failure)
                                                  -> échec (refused, or after the last attempt)
               -> ignoré (the person opted out since the mail was written)
A row is marked as soon as its mail is sent (`marks.SentMarks`: one UPDATE per mail that
overlaps the next mail's SMTP exchange), so a worker killed mid-batch leaves only the unsent rows
claimed; once their claim is stale, the next send task takes them back. The at-least-once window
is described in `courriels/marks.py`. Every mail is built by `courriels.mime` with Python's
`email` package: sent by smtplib on the connection of Django's SMTP backend, or handed to
another backend (files, tests, a provider's API) inside Django's message object.
"""

from __future__ import annotations

import datetime
import logging
import smtplib
import time
import uuid
from collections import Counter

from anymail.exceptions import AnymailError, AnymailRecipientsRefused
from django.core.mail import get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.db import connection as db_connection
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import conf
from .marks import SentMarks
from .mime import Envelope, OutboxMessage, build
from .models import ALL_KINDS, TRANSACTIONAL, Email, EmailStatus, OptOut

logger = logging.getLogger(__name__)


class _ConnectionDown(Exception):
    pass


def emails_reclaim(*, now: datetime.datetime | None = None, older_than=None) -> int:
    """Claims left by a dead worker go back to the waiting rows."""
    now = now or timezone.now()
    cutoff = now - (conf.claim_timeout() if older_than is None else older_than)
    return Email.objects.filter(status=EmailStatus.SENDING, claimed_at__lt=cutoff).update(
        status=EmailStatus.PENDING, claim_token="", claimed_at=None
    )


def emails_claim(*, now: datetime.datetime | None = None, limit: int | None = None) -> str | None:
    """Claim up to `limit` due rows in one UPDATE; return the token (None: nothing to send)."""
    now = now or timezone.now()
    token = uuid.uuid4().hex
    candidates = Email.objects.due(now).order_by("due_at", "id").values("id")
    candidates = candidates[: limit or conf.batch_size()]
    with transaction.atomic():
        if db_connection.features.has_select_for_update_skip_locked:
            claimed = _claim_skip_locked(candidates, token=token, now=now)
        else:
            # SQLite has no row locks: the status condition of the UPDATE is the claim itself.
            claimed = Email.objects.filter(id__in=candidates, status=EmailStatus.PENDING).update(
                status=EmailStatus.SENDING, claim_token=token, claimed_at=now
            )
    return token if claimed else None


def _claim_skip_locked(candidates, *, token: str, now) -> int:
    """PostgreSQL: rows another worker is claiming are skipped, not waited for.

    The batch is a CTE, evaluated once: as `id IN (subquery LIMIT n)` PostgreSQL may run the
    subquery again for each row it updates, and each run then finds the next rows.
    """
    select, params = candidates.select_for_update(skip_locked=True).query.sql_with_params()
    table = Email._meta.db_table
    with db_connection.cursor() as cursor:
        cursor.execute(
            f'WITH batch AS ({select}) UPDATE "{table}" SET status = %s, claim_token = %s, '
            f'claimed_at = %s FROM batch WHERE "{table}".id = batch.id AND "{table}".status = %s',
            [*params, EmailStatus.SENDING, token, now, EmailStatus.PENDING],
        )
        return cursor.rowcount


def emails_send_due(*, now: datetime.datetime | None = None, max_batches: int = 1000) -> Counter:
    """Take back stale claims, then claim and send batches until nothing is due."""
    stats: Counter = Counter()
    emails_reclaim(now=now)
    for _ in range(max_batches):
        token = emails_claim(now=now)
        if token is None:
            break
        batch = emails_send_claimed(token=token)
        stats.update(batch)
        if not batch["sent"]:  # the server refuses everything: beat tries again later
            break
    return stats


class _Claim:
    """The rows a send task holds; the claim is refreshed now and then, not at every mail.

    Refreshing every claim_timeout / 10 keeps a live task's rows from being taken back, while
    a dead task's rows go stale; a row taken back by another task is never sent by this one.
    """

    def __init__(self, token: str, ids: list[int], marks: SentMarks):
        self.token = token
        self.owned = set(ids)
        self.marks = marks
        self.every = conf.claim_timeout().total_seconds() / 10
        self.refreshed_at = time.monotonic()

    def holds(self, row: Email) -> bool:
        if time.monotonic() - self.refreshed_at > self.every:
            self.marks.wait()
            rows = Email.objects.filter(claim_token=self.token, status=EmailStatus.SENDING)
            rows.update(claimed_at=timezone.now())
            self.owned = set(rows.values_list("id", flat=True))
            self.refreshed_at = time.monotonic()
        return row.id in self.owned


def emails_send_claimed(*, token: str) -> Counter:
    """Send the rows claimed with `token` on one SMTP connection; safe to run twice."""
    stats: Counter = Counter()
    rows = list(Email.objects.filter(claim_token=token, status=EmailStatus.SENDING).order_by("id"))
    if not rows:
        return stats
    opted_out = _opted_out(rows)
    _fast_commits(True)
    marks = SentMarks(token)
    claim = _Claim(token, [row.id for row in rows], marks)
    mail_connection = get_connection()
    # Django's SMTP backend: the message goes straight to its smtplib connection.
    envelope = Envelope(smtp=type(mail_connection) is SmtpBackend)
    down: str | None = None
    try:
        for row in rows:
            if down:
                marks.wait()
                stats["released"] += _release(row, token, error=down)
            elif not claim.holds(row):
                stats["lost"] += 1
            elif (row.to_email, row.kind) in opted_out or (row.to_email, ALL_KINDS) in opted_out:
                marks.wait()
                _finish(row, token, status=EmailStatus.SKIPPED, error="Désabonné avant l’envoi.")
                stats["skipped"] += 1
            else:
                try:
                    stats[_send_one(row, token, mail_connection, marks, envelope)] += 1
                except _ConnectionDown as exc:
                    down = str(exc)
                    stats["retry"] += 1
    finally:
        marks.wait()
        _fast_commits(False)
        try:
            mail_connection.close()
        except Exception:  # noqa: BLE001 - a dead server may also fail to say goodbye
            logger.warning("fermeture de la connexion au serveur de courriel en échec")
    return stats


def _fast_commits(on: bool) -> None:
    """PostgreSQL: the row marks of a batch commit without waiting for the disk flush.

    A killed worker loses nothing (the server has the commit); only a crash of PostgreSQL itself
    in the next fraction of a second could forget a mark, and that mail would go out twice.
    Outside a transaction only (inside one, as in the tests, the setting would outlive it).
    """
    if db_connection.vendor != "postgresql" or db_connection.in_atomic_block:
        return
    with db_connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off" if on else "RESET synchronous_commit")


def _opted_out(rows: list[Email]) -> set[tuple[str, str]]:
    optional = [row for row in rows if row.kind != TRANSACTIONAL]
    if not optional:
        return set()
    return set(
        OptOut.objects.filter(
            email__in={row.to_email for row in optional},
            kind__in={row.kind for row in optional} | {ALL_KINDS},
        ).values_list("email", "kind")
    )


def build_message(row: Email, mail_connection=None, envelope=None) -> OutboxMessage:
    """Django's message object of a row, for a backend other than SMTP (its bytes: `mime.build`)."""
    return OutboxMessage(row, envelope or Envelope(), connection=mail_connection)


def _send_one(row: Email, token: str, mail_connection, marks: SentMarks, envelope) -> str:
    try:
        if envelope.smtp:
            message = build(row, envelope)
        else:
            message = build_message(row, mail_connection, envelope)
    except Exception as exc:  # noqa: BLE001 - a broken row must not block the batch
        logger.exception("courriel %s : le message n’a pas pu être composé", row.pk)
        marks.wait()
        _finish(row, token, status=EmailStatus.FAILED, error=f"Composition : {exc}")
        return "failed"
    try:
        mail_connection.open()
        if envelope.smtp:
            # smtplib asks for SMTPUTF8 itself when the address is not ASCII.
            mail_connection.connection.send_message(
                message, from_addr=envelope.mail_from, to_addrs=[row.to_email]
            )
        else:
            mail_connection.send_messages([message])
    except Exception as exc:  # noqa: BLE001 - sorted below, re-raised when unknown
        marks.wait()
        kind = classify_mail_error(exc)
        if kind == "permanent":
            _finish(row, token, status=EmailStatus.FAILED, error=_describe(exc))
            return "failed"
        outcome = _retry_later(row, token, error=_describe(exc))
        if kind == "connection":
            raise _ConnectionDown(_describe(exc)) from exc
        return outcome
    marks.sent(row.id)
    return "sent"


def classify_mail_error(exc: Exception) -> str:
    """'permanent' (do not retry), 'temporary' (this mail only) or 'connection' (server down)."""
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        return "permanent" if codes and all(code >= 500 for code in codes) else "temporary"
    if isinstance(exc, AnymailRecipientsRefused):
        return "permanent"
    if isinstance(exc, smtplib.SMTPConnectError):
        return "connection"
    if isinstance(exc, smtplib.SMTPResponseException):
        return "permanent" if exc.smtp_code >= 500 else "temporary"
    if isinstance(exc, OSError):  # refused, reset, timeout, server disconnected
        return "connection"
    if isinstance(exc, AnymailError):
        return "temporary"
    raise exc


def _describe(exc: Exception) -> str:
    return f"{type(exc).__name__} : {exc}"[:1000]


def _mine(row: Email, token: str):
    return Email.objects.filter(id=row.id, claim_token=token, status=EmailStatus.SENDING)


def _finish(row: Email, token: str, *, status: str, error: str = "") -> int:
    return _mine(row, token).update(
        status=status,
        sent_at=timezone.now() if status == EmailStatus.SENT else None,
        attempts=F("attempts") + (0 if status == EmailStatus.SKIPPED else 1),
        last_error=error,
    )


def retry_delay(attempts: int) -> datetime.timedelta:
    """Exponential backoff: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed attempt."""
    return conf.retry_base() * (2 ** max(attempts - 1, 0))


def _retry_later(row: Email, token: str, *, error: str) -> str:
    """A temporary failure: waiting again with a later due time, or failed after the last try."""
    attempts = row.attempts + 1
    if attempts >= conf.max_attempts():
        _mine(row, token).update(
            status=EmailStatus.FAILED,
            attempts=attempts,
            last_error=f"Abandon après {attempts} tentatives. {error}",
        )
        return "failed"
    _mine(row, token).update(
        status=EmailStatus.PENDING,
        claim_token="",
        claimed_at=None,
        attempts=attempts,
        due_at=timezone.now() + retry_delay(attempts),
        last_error=error,
    )
    return "retry"


def _release(row: Email, token: str, *, error: str) -> int:
    """A row not tried because the server is down: waiting again, no attempt counted."""
    return _mine(row, token).update(
        status=EmailStatus.PENDING,
        claim_token="",
        claimed_at=None,
        due_at=timezone.now() + conf.retry_base(),
        last_error=f"Non tenté, serveur de courriel indisponible : {error}"[:1000],
    )
