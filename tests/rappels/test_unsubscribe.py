"""Mails to people outside the schools: one-click unsubscribe (link, headers, public page)."""

import pytest
from django.test import Client

from courriels.models import OptOut
from courriels.services import unsubscribe_token
from rappels.models import Reminder, ReminderStatus
from rappels.services import reminders_plan
from tests.etablissements.factories import SchoolFactory
from tests.outbox import mail

from .test_engine import run_once

pytestmark = pytest.mark.django_db


def unsubscribe_path(message):
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http://127.0.0.1:8000/courriels/desabonnement/")
    return header.strip("<>").removeprefix("http://127.0.0.1:8000")


def test_an_external_mail_carries_the_link_and_the_one_click_headers(external_rule):
    SchoolFactory(bde_email="tuteur@entreprise.example")
    reminders_plan()

    run_once()

    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = unsubscribe_path(message)
    assert f"Ne plus recevoir ces rappels : http://127.0.0.1:8000{path}" in message.body
    assert f'href="http://127.0.0.1:8000{path}"' in message.alternatives[0][0]
    assert "Choisir les rappels" not in message.body  # no staff profile for them


def test_the_page_asks_then_unsubscribes_and_no_more_mail_of_that_kind(external_rule, client):
    SchoolFactory(bde_email="tuteur@entreprise.example", name="Lycée Alpha")
    reminders_plan()
    run_once()
    path = unsubscribe_path(mail.outbox[0])

    page = client.get(path).content.decode()
    assert "tuteur@entreprise.example" in page
    assert "Rappel de test aux partenaires" in page
    assert "Confirmer le désabonnement" in page
    assert not OptOut.objects.exists()  # a GET (a link scanner) changes nothing

    done = client.post(path).content.decode()
    assert "Désabonnement enregistré" in done
    assert OptOut.objects.get().kind == "test_partenaires"

    SchoolFactory(bde_email="tuteur@entreprise.example", name="Lycée Bêta")
    reminders_plan()
    run_once(now=None)
    assert len(mail.outbox) == 1
    row = Reminder.objects.get(object_label__startswith="Lycée Bêta")
    assert row.status == ReminderStatus.SKIPPED
    assert row.last_error == "Le destinataire s’est désabonné de ces rappels."


def test_one_click_post_from_a_mail_client_works_without_csrf_token(external_rule):
    token = unsubscribe_token("tuteur@entreprise.example", ["test_partenaires"])
    csrf_client = Client(enforce_csrf_checks=True)

    response = csrf_client.post(
        f"/courriels/desabonnement/{token}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.content.decode() == "Désabonnement enregistré."
    assert OptOut.objects.filter(email="tuteur@entreprise.example").exists()


def test_a_tampered_link_is_refused_with_a_message(client):
    token = unsubscribe_token("tuteur@entreprise.example", ["test_partenaires"])
    tampered = token.replace(token[5], "x" if token[5] != "x" else "y", 1)

    page = client.post(f"/courriels/desabonnement/{tampered}/").content.decode()

    assert "Ce lien de désabonnement n’est pas valide" in page
    assert not OptOut.objects.exists()


def test_a_link_sent_before_the_outbox_still_unsubscribes(external_rule, client):
    token = unsubscribe_token("tuteur@entreprise.example", ["test_partenaires"])

    done = client.post(f"/rappels/desabonnement/{token}/").content.decode()

    assert "Désabonnement enregistré" in done
    assert OptOut.objects.get().kind == "test_partenaires"
