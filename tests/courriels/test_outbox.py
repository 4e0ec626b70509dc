"""The outbox: a mail is a row written with its cause, sent later by the task, once."""

import pytest
from django.core import mail as django_mail
from django.core.mail.backends.locmem import EmailBackend as MemoryBackend
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from courriels.models import ALL_KINDS, Email, EmailStatus, OptOut
from courriels.sending import emails_claim, emails_send_claimed, emails_send_due
from courriels.services import email_queue, opt_out_record
from tests.etablissements.factories import SchoolFactory

pytestmark = pytest.mark.django_db


class CountingBackend(MemoryBackend):
    """The in-memory backend, counting how many connections the outbox opens."""

    opened = 0

    def open(self):
        if not getattr(self, "_is_open", False):
            type(self).opened += 1
            self._is_open = True
        return True

    def close(self):
        self._is_open = False


def queue(to="tuteur@garage.example", kind="", **kwargs):
    return email_queue(
        to=to, subject="Objet", text="Bonjour.", html="<p>Bonjour.</p>", kind=kind, **kwargs
    )


def test_a_mail_is_a_row_sent_by_the_task_not_by_the_caller(mailoutbox):
    school = SchoolFactory()
    row = queue(
        to="Tuteur@Garage.example",
        about=school,
        attachments=[("a.pdf", b"%PDF-1", "application/pdf")],
    )

    assert django_mail.outbox == []  # nothing sent while the caller's transaction runs
    row.refresh_from_db()
    assert (row.to_email, row.status, row.school_id) == (
        "tuteur@garage.example",
        "en_attente",
        school.pk,
    )
    assert row.object_label == str(school)

    [message] = mailoutbox
    assert message.to == ["tuteur@garage.example"] and message.subject == "Objet"
    assert message.alternatives[0] == ("<p>Bonjour.</p>", "text/html")
    assert message.attachments[0][:2] == ("a.pdf", b"%PDF-1")
    assert "List-Unsubscribe" not in message.extra_headers  # a service mail
    row.refresh_from_db()
    assert row.status == EmailStatus.SENT and row.sent_at and row.attempts == 1
    assert emails_send_due() == {}  # sent once


def test_a_mail_written_in_a_transaction_that_fails_is_never_sent(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        queue()
        raise RuntimeError("la page a échoué")

    assert not Email.objects.exists()
    assert mailoutbox == []


def test_an_optional_mail_carries_one_unsubscribe_header_and_the_opt_out_stops_it(
    mailoutbox, client
):
    queue(kind="evenements")
    [message] = mailoutbox
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://127.0.0.1:8000/courriels/desabonnement/")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    client.post(header.strip("<>").removeprefix("http://127.0.0.1:8000"))
    assert OptOut.objects.get().kind == "evenements"
    mailoutbox.clear()
    skipped = queue(kind="evenements")
    other = queue(kind="formation_tuteurs")
    service = queue()

    assert [m.to for m in mailoutbox] == [["tuteur@garage.example"]] * 2
    skipped.refresh_from_db()
    assert skipped.status == EmailStatus.SKIPPED
    other.refresh_from_db()
    service.refresh_from_db()
    assert other.status == service.status == EmailStatus.SENT


def test_opting_out_of_everything_drops_the_waiting_optional_mails_not_the_service_ones():
    waiting = queue(kind="evenements")
    service = queue()

    opt_out_record(email="TUTEUR@garage.example", kinds=[ALL_KINDS])
    emails_send_due()

    waiting.refresh_from_db()
    service.refresh_from_db()
    assert waiting.status == EmailStatus.SKIPPED
    assert service.status == EmailStatus.SENT


def test_a_batch_is_claimed_in_one_statement_and_sent_on_one_connection(settings):
    settings.EMAIL_BACKEND = "tests.courriels.test_outbox.CountingBackend"
    settings.COURRIELS_BATCH_SIZE = 4
    CountingBackend.opened = 0
    for n in range(6):
        queue(to=f"p{n}@garage.example")

    with CaptureQueriesContext(connection) as queries:
        token = emails_claim()
    writes = [
        q["sql"]
        for q in queries
        if q["sql"].lstrip().upper().startswith(("UPDATE", "SELECT", "WITH"))
    ]
    assert len(writes) == 1 and writes[0].startswith(("UPDATE", "WITH"))
    assert Email.objects.filter(claim_token=token).count() == 4

    assert emails_send_claimed(token=token)["sent"] == 4
    assert CountingBackend.opened == 1
    assert emails_claim() is not None  # the two others
    assert emails_claim() is None


def test_a_second_delivery_of_the_same_batch_sends_nothing(mailoutbox):
    queue()
    token = emails_claim()
    emails_send_claimed(token=token)
    emails_send_claimed(token=token)

    assert len(django_mail.outbox) == 1
