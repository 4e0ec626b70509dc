"""Reminders sent through the outbox to a real SMTP server on loopback that fails on demand."""

import datetime

import pytest
from django.utils import timezone

from courriels.models import Email, EmailStatus
from courriels.sending import retry_delay
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan
from tests.etablissements.factories import SchoolFactory

from .test_engine import run_once

pytestmark = pytest.mark.django_db


def later(minutes):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_smtp_down_then_back_sends_the_mail_once(school_rule, smtp):
    SchoolFactory(bde_email="bde@lycee.example")
    SchoolFactory(bde_email="autre@lycee.example")
    reminders_plan()
    smtp.stop()  # connection refused

    run_once()

    # The reminders became mails of the outbox; the mails wait for the server.
    assert set(Reminder.objects.values_list("status", flat=True)) == {ReminderStatus.SENT}
    rows = list(Email.objects.order_by("to_email"))
    assert [r.status for r in rows] == [EmailStatus.PENDING] * 2
    # The first mail was tried and counts an attempt; the second was not tried at all.
    assert sorted(r.attempts for r in rows) == [0, 1]
    assert all("ConnectionRefusedError" in r.last_error for r in rows)
    assert all(r.due_at > timezone.now() for r in rows)

    run_once()  # too early: the backoff holds the mails back
    assert smtp.handler.messages == []

    smtp.start()
    run_once(now=later(5))
    assert sorted(smtp.handler.recipients()) == ["autre@lycee.example", "bde@lycee.example"]
    assert set(Email.objects.values_list("status", flat=True)) == {EmailStatus.SENT}

    run_once(now=later(60 * 24 * 2))
    assert len(smtp.handler.messages) == 2


def test_temporary_refusals_are_retried_with_growing_delays_then_sent_once(school_rule, smtp):
    SchoolFactory(bde_email="bde@lycee.example")
    reminders_plan()
    smtp.handler.fail_next = 2  # 451 twice

    run_once()
    row = Email.objects.get()
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 1)
    assert "451" in row.last_error
    first_wait = row.due_at - timezone.now()

    run_once(now=later(2))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.PENDING, 2)
    assert row.due_at - timezone.now() > first_wait  # exponential: the second wait is longer

    run_once(now=later(10))
    row.refresh_from_db()
    assert (row.status, row.attempts) == (EmailStatus.SENT, 3)
    assert smtp.handler.recipients() == ["bde@lycee.example"]
    assert retry_delay(1) < retry_delay(2) < retry_delay(3)


def test_after_the_last_attempt_the_mail_is_failed_and_shown_as_such(school_rule, smtp, settings):
    settings.COURRIELS_MAX_ATTEMPTS = 2
    SchoolFactory(bde_email="bde@lycee.example")
    reminders_plan()
    smtp.handler.fail_next = 5

    run_once()
    run_once(now=later(5))

    row = Email.objects.get()
    assert (row.status, row.attempts) == (EmailStatus.FAILED, 2)
    assert row.last_error.startswith("Abandon après 2 tentatives.")
    run_once(now=later(60))
    assert smtp.handler.messages == []


def test_an_invalid_address_fails_at_once_and_is_never_retried(school_rule, smtp):
    SchoolFactory(bde_email="inconnu@lycee.example")
    SchoolFactory(bde_email="bde@lycee.example")
    smtp.handler.refuse = {"inconnu@lycee.example"}
    reminders_plan()

    run_once()
    run_once(now=later(60 * 24))

    refused = Email.objects.get(to_email="inconnu@lycee.example")
    assert (refused.status, refused.attempts) == (EmailStatus.FAILED, 1)
    assert "550" in refused.last_error
    # The other mail of the same batch went out on the same connection.
    assert smtp.handler.recipients() == ["bde@lycee.example"]
