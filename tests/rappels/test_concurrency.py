"""Two scans at the same time never claim the same row, so nobody gets a mail twice."""

import threading

import pytest
from django.db import connection

from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
from tests.etablissements.factories import SchoolFactory
from tests.outbox import deliver, mail


def scan_and_send_in_threads(count=2):
    barrier = threading.Barrier(count)
    errors, tokens = [], []

    def work():
        try:
            barrier.wait()
            result = reminders_scan(dispatch=False)
            tokens.extend(result.tokens)
            for token in result.tokens:
                reminders_send_batch(token=token)
            deliver()
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return tokens


def check_each_person_mailed_once(people):
    recipients = [m.to[0] for m in mail.outbox]
    assert sorted(recipients) == sorted(set(recipients)), "un courriel envoyé deux fois"
    assert len(recipients) == people
    assert Reminder.objects.exclude(status=ReminderStatus.SENT).count() == 0


@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_on_sqlite_claim_each_row_once(school_rule, settings):
    settings.RAPPELS_BATCH_SIZE = 5
    for n in range(40):
        SchoolFactory(bde_email=f"p{n % 30}@lycee.example")
    reminders_plan()

    tokens = scan_and_send_in_threads()

    assert len(tokens) == len(set(tokens))
    check_each_person_mailed_once(30)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_scans_at_once_on_postgresql_skip_each_others_rows(school_rule, settings):
    settings.RAPPELS_BATCH_SIZE = 5
    for n in range(120):
        SchoolFactory(bde_email=f"p{n % 100}@lycee.example")
    reminders_plan()

    scan_and_send_in_threads(count=4)
    # Two scans that each lock one of a person's two rows both leave that person (never part of
    # a person's items in a mail): the next scan, a beat later, mails them. Nobody twice.
    next_scan_and_send()

    check_each_person_mailed_once(100)


def next_scan_and_send():
    for token in reminders_scan(dispatch=False).tokens:
        reminders_send_batch(token=token)
    deliver()
