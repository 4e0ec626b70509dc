"""The outbox's mails, built with Python's `email` package, read back by its parser and by a real
SMTP server (aiosmtpd on loopback)."""

import base64
import datetime
import re
from email import message_from_bytes, policy
from email.utils import parsedate_to_datetime

import pytest
from django.utils import timezone

from courriels.mime import Envelope, build
from courriels.models import Email, EmailStatus
from courriels.sending import build_message, emails_send_due
from courriels.services import email_queue
from tests.rappels.smtp_server import smtp_server

SUBJECT = "La convention avec Garage d’Occitanie se termine le 31/12/2026 — pensez-y très vite"
UNSUBSCRIBE = "<https://bde.ac-toulouse.fr/courriels/desabonnement/" + "a" * 150 + "/>"
ICS = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nSUMMARY:Formation : sécurité\r\nEND:VCALENDAR\r\n"


@pytest.fixture(autouse=True)
def _portal(settings):
    settings.PORTAL_BASE_URL = "https://bde.ac-toulouse.fr"
    settings.DEFAULT_FROM_EMAIL = "Bureau des entreprises — LP <ne-pas-repondre@bde.ac-toulouse.fr>"


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


def ics_attachment():
    return {
        "filename": "formation-tuteurs.ics",
        "mimetype": "text/calendar; charset=utf-8; method=REQUEST",
        "base64": base64.b64encode(ICS.encode()).decode(),
    }


def parsed(data: bytes):
    return message_from_bytes(data, policy=policy.default)


def header_lines(data: bytes, name: str) -> list[bytes]:
    """The header's first line and its continuation lines, as written."""
    head = data.split(b"\r\n\r\n", 1)[0].split(b"\r\n")
    start = next(i for i, line in enumerate(head) if line.startswith(name.encode() + b":"))
    lines = [head[start]]
    for line in head[start + 1 :]:
        if not line[:1].isspace():
            break
        lines.append(line)
    return lines


@pytest.mark.parametrize("html", ["<p>Bonjour Léa,</p>", ""])
def test_the_mail_reads_back_as_written(html):
    email = row(body_html=html)
    data = build(email, Envelope()).as_bytes()

    mail = parsed(data)
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert str(mail["Subject"]) == SUBJECT
    assert str(mail["From"]) == "Bureau des entreprises — LP <ne-pas-repondre@bde.ac-toulouse.fr>"
    assert str(mail["To"]) == "tuteur@garage.example"
    assert str(mail["Auto-Submitted"]) == "auto-generated"
    plain = mail.get_body(("plain",)).get_content().replace("\r\n", "\n")
    assert plain.rstrip("\n") == email.body_text
    if html:
        assert mail.get_body(("html",)).get_content().strip() == html
    else:
        assert not mail.is_multipart()
    assert not mail.defects and all(not part.defects for part in mail.walk())


def test_date_has_the_real_offset_and_message_id_the_portals_domain():
    data = build(row(), Envelope()).as_bytes()

    mail = parsed(data)
    date = parsedate_to_datetime(str(mail["Date"]))
    assert abs(date - timezone.now()) < datetime.timedelta(minutes=1)
    # Paris is one or two hours ahead of UTC: never "-0000" (the offset is unknown).
    assert date.utcoffset() == timezone.localtime().utcoffset() != datetime.timedelta(0)
    assert not str(mail["Date"]).endswith("-0000")
    assert re.fullmatch(r"<[^@<>]+@bde\.ac-toulouse\.fr>", str(mail["Message-ID"]))
    assert parsed(build(row(), Envelope()).as_bytes())["Message-ID"] != mail["Message-ID"]


def test_a_long_subject_is_folded_where_the_line_is_full_not_after_its_name():
    data = build(row(), Envelope()).as_bytes()

    lines = header_lines(data, "Subject")
    assert len(lines) > 1
    assert lines[0].strip() != b"Subject:" and len(lines[0]) > len("Subject: ") + 20
    assert all(len(line) <= 78 for line in lines)


def test_an_unsubscribe_link_stays_a_link_on_one_line():
    data = build(row(), Envelope()).as_bytes()

    assert header_lines(data, "List-Unsubscribe") == [b"List-Unsubscribe: " + UNSUBSCRIBE.encode()]


def test_the_calendar_part_states_its_charset_once():
    data = build(row(attachments=[ics_attachment()]), Envelope()).as_bytes()

    mail = parsed(data)
    [part] = list(mail.iter_attachments())
    content_type = part["Content-Type"]
    assert content_type.content_type == "text/calendar"
    assert content_type.params == {"charset": "utf-8", "method": "REQUEST"}
    assert str(content_type).lower().count("charset") == 1
    assert part.get_filename() == "formation-tuteurs.ics"
    assert part.get_content().replace("\r\n", "\n") == ICS.replace("\r\n", "\n")
    assert mail.get_body(("plain",)).get_content().startswith("Bonjour Léa")


def test_a_pdf_goes_in_base64_beside_the_text_and_html():
    pdf = b"%PDF-1.4\n\x00\xff binaire"
    attachment = {
        "filename": "attestation.pdf",
        "mimetype": "application/pdf",
        "base64": base64.b64encode(pdf).decode(),
    }
    mail = parsed(build(row(attachments=[attachment]), Envelope()).as_bytes())

    assert mail.get_content_type() == "multipart/mixed"
    [part] = list(mail.iter_attachments())
    assert part.get_content_type() == "application/pdf"
    assert part["Content-Transfer-Encoding"] == "base64"
    assert part.get_content() == pdf
    assert mail.get_body(("html",)).get_content().strip().startswith("<p>Bonjour")


def test_a_line_longer_than_smtp_allows_is_quoted_printable():
    email = row(body_text="Bonjour,\n" + "é" * 800 + "\nfin")
    data = build(email, Envelope()).as_bytes()

    assert max(len(line) for line in data.split(b"\r\n")) <= 998
    plain = parsed(data).get_body(("plain",))
    assert plain["Content-Transfer-Encoding"] == "quoted-printable"
    assert plain.get_content().replace("\r\n", "\n").startswith("Bonjour,\n" + "é" * 800)


def test_a_header_with_a_line_break_is_refused():
    with pytest.raises(ValueError):
        build(row(headers={"X-Test": "a\r\nBcc: autre@exemple.fr"}), Envelope())
    with pytest.raises(ValueError):
        build(row(subject="Objet\nBcc: autre@exemple.fr"), Envelope())


def test_other_backends_get_the_same_mime_form():
    envelope = Envelope()
    email = row(attachments=[ics_attachment()])
    message = build_message(email, envelope=envelope)

    assert message.subject == SUBJECT and message.to == ["tuteur@garage.example"]
    assert message.alternatives[0][1] == "text/html"
    mail = parsed(message.message().as_bytes())
    assert str(mail["Subject"]) == SUBJECT
    assert re.fullmatch(r"<[^@<>]+@bde\.ac-toulouse\.fr>", str(mail["Message-ID"]))
    assert [p.get_filename() for p in mail.iter_attachments()] == ["formation-tuteurs.ics"]


@pytest.mark.django_db
def test_a_real_smtp_server_receives_what_the_outbox_built(settings):
    with smtp_server() as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
        email_queue(
            to="tuteur@garage.example",
            subject=SUBJECT,
            text="Bonjour Léa,\nVotre inscription est enregistrée.",
            attachments=[("formation-tuteurs.ics", ICS.encode(), "text/calendar; method=REQUEST")],
        )
        # A non-ASCII address goes out with SMTPUTF8, which aiosmtpd offers.
        email_queue(to="léa@garage.example", subject="Bonjour", text="Bonjour")

        stats = emails_send_due()

        assert stats["sent"] == 2
        assert Email.objects.filter(status=EmailStatus.SENT).count() == 2
        (to_first, first), (to_second, second) = server.handler.messages
    assert to_first == ["tuteur@garage.example"] and to_second == ["léa@garage.example"]
    assert str(first["Subject"]) == SUBJECT
    assert first["Message-ID"].endswith("@bde.ac-toulouse.fr>")
    [ics] = list(first.iter_attachments())
    assert ics["Content-Type"].params == {"charset": "utf-8", "method": "REQUEST"}
    assert "sécurité" in ics.get_content()
    assert str(second["To"]) == "léa@garage.example"
