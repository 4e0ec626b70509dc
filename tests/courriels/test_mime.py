"""The outbox's own MIME writer says what Django's message would, and hands the rest to Django."""

from email import message_from_bytes, policy

import pytest

from courriels.mime import Envelope, fast_bytes
from courriels.models import Email
from courriels.sending import build_message

SUBJECT = "La convention avec Garage d’Occitanie se termine le 31/12/2026 — pensez-y très vite"
UNSUBSCRIBE = "<http://127.0.0.1:8000/courriels/desabonnement/" + "a" * 150 + "/>"


def row(**fields):
    values = {
        "id": 1,
        "to_email": "tuteur@garage.example",
        "subject": SUBJECT,
        "body_text": "Bonjour Léa,\n\nLa convention se termine.\n.\nÀ bientôt",
        "body_html": "<p>Bonjour Léa,</p><p>La convention se termine.</p>",
        "headers": {"Auto-Submitted": "auto-generated", "List-Unsubscribe": UNSUBSCRIBE},
        "attachments": [],
    }
    return Email(**{**values, **fields})


def parsed(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def django_parsed(email: Email):
    return parsed(build_message(email).message().as_bytes(linesep="\r\n"))


@pytest.mark.parametrize("html", ["<p>Bonjour Léa,</p>", ""])
def test_the_written_mail_reads_as_djangos(html):
    email = row(body_html=html)
    to, data = fast_bytes(email, Envelope())

    mine, django = parsed(data), django_parsed(email)
    assert to == "tuteur@garage.example"
    assert b"\r\n" in data and b"\n" not in data.replace(b"\r\n", b"")
    assert str(mine["Subject"]) == SUBJECT == str(django["Subject"]).strip()
    for header in ["From", "To", "Auto-Submitted", "List-Unsubscribe"]:
        assert str(mine[header]).strip() == str(django[header]).strip()
    assert mine["Message-ID"] and mine["Date"]
    plain = mine.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.rstrip("\n") == email.body_text
    assert plain == django.get_body(("plain",)).get_content().replace("\r\n", "\n")
    if html:
        assert mine.get_body(("html",)).get_content().strip() == html
    else:
        assert not mine.is_multipart()


def test_a_line_longer_than_smtp_allows_is_quoted_printable():
    email = row(body_text="Bonjour,\n" + "é" * 800 + "\nfin")
    _, data = fast_bytes(email, Envelope())

    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    assert b"quoted-printable" in data
    assert (
        parsed(data)
        .get_body(("plain",))
        .get_content()
        .replace("\r\n", "\n")
        .startswith("Bonjour,\n" + "é" * 800)
    )


def test_attachments_and_unusual_mails_are_left_to_django():
    envelope = Envelope()
    assert (
        fast_bytes(row(attachments=[{"filename": "a", "mimetype": "x/y", "base64": ""}]), envelope)
        is None
    )
    assert fast_bytes(row(to_email="léa@garage.example"), envelope) is None
    assert fast_bytes(row(headers={"From": "autre@portail.example"}), envelope) is None
