"""The proofs on a real Celery worker (Redis under CI=true) and a real SMTP server on loopback.

The rows are planned by the partnership rule "convention ending" (a rule the worker knows);
the test plays beat by sending the scan task every second.
"""

import datetime
import time
from collections import Counter

import pytest
from django.utils import timezone

from courriels.models import Email, EmailStatus
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan
from tests.etablissements.factories import UserFactory
from tests.partenariats.factories import PartnershipFactory

from .smtp_server import smtp_server
from .worker import beat_until, reminder_worker

pytestmark = [
    pytest.mark.worker,
    pytest.mark.redis,
    pytest.mark.django_db(transaction=True),
]

RULE = "partenariat_convention_fin"


def conventions_ending(count: int) -> list[str]:
    """`count` partnerships whose convention ends in 30 days, each followed by its own teacher."""
    end = timezone.localdate() + datetime.timedelta(days=30)
    emails = []
    for n in range(count):
        teacher = UserFactory(email=f"enseignant{n}@lycee.example")
        PartnershipFactory(
            teacher=teacher,
            convention_signed_on=end - datetime.timedelta(days=365),
            convention_end=end,
        )
        emails.append(teacher.email)
    reminders_plan(codes=[RULE])
    assert Reminder.objects.filter(rule_code=RULE).count() == count
    return emails


def worker_env(server, **extra):
    return {
        "EMAIL_URL": f"smtp://127.0.0.1:{server.port}",
        "COURRIELS_RETRY_BASE_SECONDS": "1",
        "COURRIELS_MAX_ATTEMPTS": "20",
        **{key: str(value) for key, value in extra.items()},
    }


def all_sent():
    """Every reminder became a mail of the outbox, and every mail was sent."""
    return (
        not Reminder.objects.exclude(status=ReminderStatus.SENT).exists()
        and Email.objects.exists()
        and not Email.objects.exclude(status=EmailStatus.SENT).exists()
    )


def keep_beating(seconds: int):
    from courriels.tasks import send
    from rappels.tasks import scan

    for _ in range(seconds):
        scan.delay()
        send.delay()
        time.sleep(1)


def mails_per_person(server) -> Counter:
    return Counter(server.handler.recipients())


def test_smtp_down_for_the_first_attempts_then_each_mail_is_sent_once(tmp_path):
    emails = conventions_ending(4)
    with (
        smtp_server(running=False) as server,
        reminder_worker(tmp_path, worker_env(server, RAPPELS_BATCH_SIZE=2)) as worker,
    ):
        # The server refuses connections: the rows are tried, kept, tried again later.
        beat_until(lambda: Email.objects.filter(attempts__gte=2).exists(), worker, timeout=60)
        assert not Email.objects.filter(status=EmailStatus.SENT).exists()
        assert "ConnectionRefusedError" in Email.objects.filter(attempts__gte=2)[0].last_error

        server.start()
        beat_until(all_sent, worker, timeout=60)
        keep_beating(seconds=3)  # beat keeps firing: nothing more goes out

    assert mails_per_person(server) == Counter(emails)
    for _, message in server.handler.messages:
        assert message["Subject"].startswith("La convention avec ")
        assert "/admin/partenariats/" in message.get_body(("plain",)).get_content()


def test_a_worker_killed_mid_batch_and_restarted_sends_each_reminder_exactly_once(tmp_path):
    emails = conventions_ending(12)
    with smtp_server() as server:
        server.handler.hold_after = 4  # the 5th mail hangs at RCPT: the batch is half sent
        env = worker_env(server, COURRIELS_BATCH_SIZE=10, COURRIELS_CLAIM_TIMEOUT_SECONDS=3)
        with reminder_worker(tmp_path, env) as worker:
            beat_until(server.handler.held.is_set, worker, timeout=60)
            worker.kill()
            assert len(server.handler.messages) == 4
            assert Email.objects.filter(status=EmailStatus.SENT).count() == 4
            assert Email.objects.filter(status=EmailStatus.SENDING).exists()

            server.handler.hold_after = None
            server.handler.release.set()
            worker.start()
            # The dead worker's claims go stale and are taken back by a later scan.
            beat_until(all_sent, worker, timeout=90)

    assert mails_per_person(server) == Counter(emails)
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 12
    assert Email.objects.filter(status=EmailStatus.SENT).count() == 12


def test_two_scans_at_once_on_two_worker_processes_send_no_duplicate(tmp_path):
    emails = conventions_ending(30)
    with smtp_server() as server:
        env = worker_env(server, RAPPELS_BATCH_SIZE=3, COURRIELS_BATCH_SIZE=3)
        with reminder_worker(tmp_path, env, concurrency=2) as worker:
            from courriels.tasks import send
            from rappels.tasks import scan

            # Two beats firing together (the mistake README warns against), several times.
            for _ in range(3):
                scan.delay()
                scan.delay()
                send.delay()
                send.delay()
            beat_until(all_sent, worker, timeout=90)

    assert mails_per_person(server) == Counter(emails)
