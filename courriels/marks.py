"""Marking the sent mails of a batch without waiting for the database after each one.

A mail is marked "envoyé" as soon as the SMTP server accepted it, one UPDATE per mail, so a
worker killed mid-batch leaves claimed only the mails not yet accepted. On PostgreSQL the
UPDATE of mail k is handed to the server without waiting for its answer (libpq's asynchronous
send); the answer is read while mail k+1 goes to the SMTP server, just before mail k+1 is
marked. The database round trip thus overlaps the SMTP one instead of adding to it.

The at-least-once window: mail k's UPDATE is written to the database socket before mail k+1's
SMTP transaction starts, and a statement the server received is executed even if the worker
dies right after. Mail k is sent twice only if the worker dies in the instant between the SMTP
server's "250" for it and the UPDATE leaving the worker (microseconds), or if PostgreSQL
itself crashes before the mark is flushed to disk (`synchronous_commit off`, see
`sending._fast_commits`). Then the row stays "en cours" with the dead worker's token; once the
claim is stale, `emails_reclaim` puts it back in the queue and it is sent again.
"""

from __future__ import annotations

from django.db import DatabaseError
from django.db import connection as db_connection
from django.utils import timezone

from .models import Email, EmailStatus


def _sql(placeholder: str) -> str:
    table = Email._meta.db_table
    p = [placeholder.format(n) for n in range(1, 6)]
    return (
        f'UPDATE "{table}" SET status = {p[0]}, sent_at = {p[1]}, attempts = attempts + 1, '
        f"last_error = '' WHERE id = {p[2]} AND claim_token = {p[3]} AND status = {p[4]}"
    )


class SentMarks:
    """The "envoyé" marks of one batch; `wait()` before any other use of the connection."""

    def __init__(self, token: str):
        self.token = token
        self.in_flight = False
        self.pgconn = None
        if db_connection.vendor == "postgresql":
            db_connection.ensure_connection()
            self.pgconn = db_connection.connection.pgconn
            self.query = _sql("${}").encode()

    def sent(self, row_id: int) -> None:
        params = [EmailStatus.SENT, timezone.now(), row_id, self.token, EmailStatus.SENDING]
        if self.pgconn is None:
            with db_connection.cursor() as cursor:
                cursor.execute(_sql("%s"), params)
            return
        self.wait()
        self.pgconn.send_query_params(
            self.query, [str(value).encode() for value in params], result_format=0
        )
        self.in_flight = True

    def wait(self) -> None:
        """Read the answer of the mark in flight (it is usually there already)."""
        if not self.in_flight:
            return
        self.in_flight = False
        error = None
        while (result := self.pgconn.get_result()) is not None:
            if result.error_message:
                error = result.error_message.decode(errors="replace")
        if error:
            raise DatabaseError(f"marquage d’un courriel envoyé en échec : {error}")
