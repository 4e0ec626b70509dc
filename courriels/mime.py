"""A mail of the outbox as the bytes an SMTP server takes, built without `email.generator`.

Django's `EmailMessage.message().as_bytes()` costs milliseconds a mail (a `Header` object per
header, the generator walking the tree); at hundreds of mails a second that is the worker's
main cost. The common mail of the outbox (text + HTML, no attachment, an ASCII address) is
written here directly, with what Django writes: UTF-8 bodies in 8bit (quoted-printable when a
line is longer than SMTP allows), RFC 2047 headers when not ASCII, a Date and a Message-ID.
Anything else goes through Django (`fast_bytes` returns None).
"""

from __future__ import annotations

import base64
import binascii
import os
import random
from email.utils import formatdate, make_msgid

from django.conf import settings
from django.core.mail.message import forbid_multi_line_headers, sanitize_address
from django.core.mail.utils import DNS_NAME

CRLF = "\r\n"
MAX_LINE = 998  # RFC 5321: longer lines must be encoded
WORD_BYTES = 45  # raw bytes of one RFC 2047 encoded word (60 base64 characters)


def _encoded_words(value: str) -> str:
    """`=?utf-8?b?…?=` words, each under 76 characters, folded on continuation lines."""
    words, piece, size = [], [], 0
    for char in value:
        width = len(char.encode())
        if size + width > WORD_BYTES:
            words.append("".join(piece))
            piece, size = [], 0
        piece.append(char)
        size += width
    words.append("".join(piece))
    return (CRLF + " ").join(
        "=?utf-8?b?" + base64.b64encode(word.encode()).decode() + "?=" for word in words
    )


def header_value(name: str, value: str) -> str:
    value = str(value)
    if "\n" in value or "\r" in value:
        # Django refuses a header injection with BadHeaderError: let it say so.
        return forbid_multi_line_headers(name, value, "utf-8")[1]
    if value.isascii():
        return value
    return _encoded_words(value)


def _part(content_type: str, body: str, headers: list[str] = ()) -> str:
    """One text part: its headers (plus `headers`), a blank line, its encoded body."""
    text = body.replace("\r\n", "\n").replace("\r", "\n")
    raw = text.encode()
    if any(len(line) > MAX_LINE for line in raw.split(b"\n")):
        data = binascii.b2a_qp(raw.replace(b"\n", b"\r\n"), istext=True).decode("ascii")
        encoding = "quoted-printable"
    else:
        data = text.replace("\n", CRLF)
        encoding = "8bit" if not text.isascii() else "7bit"
    lines = [
        f'Content-Type: {content_type}; charset="utf-8"',
        "MIME-Version: 1.0",
        f"Content-Transfer-Encoding: {encoding}",
        *headers,
    ]
    return CRLF.join(lines) + CRLF + CRLF + data


class Envelope:
    """What every mail of a batch shares: the sender and the domain of Message-IDs."""

    def __init__(self):
        self.from_header = header_value("From", settings.DEFAULT_FROM_EMAIL)
        self.mail_from = sanitize_address(settings.DEFAULT_FROM_EMAIL, "utf-8")
        self.domain = str(DNS_NAME)
        self.localtime = settings.EMAIL_USE_LOCALTIME

    def message_id(self) -> str:
        return make_msgid(domain=self.domain)


def fast_bytes(row, envelope: Envelope) -> tuple[str, bytes] | None:
    """(recipient, message bytes) of an outbox row, or None when Django must build it."""
    if row.attachments or not row.to_email.isascii() or "\n" in row.to_email:
        return None
    headers = {
        "Subject": header_value("Subject", row.subject),
        "From": envelope.from_header,
        "To": row.to_email,
        "Date": formatdate(localtime=envelope.localtime),
        "Message-ID": envelope.message_id(),
    }
    for name, value in (row.headers or {}).items():
        if name.lower() in {"from", "to", "subject", "date", "message-id", "mime-version"}:
            return None  # overriding the envelope's own headers: Django's rules apply
        headers[name] = header_value(name, value)
    lines = [f"{name}: {value}" for name, value in headers.items()]
    if row.body_html:
        boundary = f"==============={random.randrange(10**18):018d}{os.getpid()}=="
        body = (
            f'Content-Type: multipart/alternative; boundary="{boundary}"{CRLF}'
            f"MIME-Version: 1.0{CRLF}"
            + CRLF.join(lines)
            + f"{CRLF}{CRLF}--{boundary}{CRLF}"
            + _part("text/plain", row.body_text)
            + f"{CRLF}--{boundary}{CRLF}"
            + _part("text/html", row.body_html)
            + f"{CRLF}--{boundary}--{CRLF}"
        )
    else:
        body = _part("text/plain", row.body_text, lines)
    return row.to_email, body.encode()
