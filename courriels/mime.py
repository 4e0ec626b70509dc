"""A mail of the outbox as a message of Python's `email` package (`EmailMessage`, SMTP policy).

The library writes what is easy to get wrong by hand: the `Date` with the real offset, RFC 2047
words folded where the line is full (not right after `Subject:`), one `charset` per part,
8bit or quoted-printable bodies, SMTPUTF8 for a non-ASCII address (smtplib's `send_message`).

What every mail of a batch shares is computed once, in `Envelope`: the policy, the sender's
header (parsed and folded once), the domain of the Message-IDs, the time zone. Headers whose
value is already in its final form (ASCII on one line: the `Date`, the `Message-ID`, an ASCII
address, a `List-Unsubscribe` link) are stored as written (`set_raw`) instead of being parsed
and folded again by the library at each mail; a link longer than a folded line stays whole
(folding it would turn it into RFC 2047 words that no mail client reads as a link).
"""

from __future__ import annotations

import functools
import uuid
from email.headerregistry import HeaderRegistry
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils import timezone

from common.links import portal_domain

# Headers that many mails share: those of the parts (`text/plain; charset="utf-8"`, `8bit`…) and
# the subject (a rule's reminders, a digest): parsed and folded once per process, not at each mail.
SHARED = frozenset({"content-type", "content-transfer-encoding", "mime-version", "subject"})
CACHED = 2048  # entries of each cache (cleared when full)


class _Headers(HeaderRegistry):
    """The library's header factory, minus the new class it makes for every header it parses."""

    def __init__(self):
        super().__init__()
        self._classes = {}

    def __getitem__(self, name):
        key = name.lower()
        if key not in self._classes:
            self._classes[key] = super().__getitem__(name)
        return self._classes[key]

    def __call__(self, name, value):
        if name.lower() in SHARED:
            return _shared_header(self, name, value)
        return super().__call__(name, value)


@functools.lru_cache(maxsize=CACHED)
def _shared_header(registry, name, value):
    # Header objects are immutable: one object serves every mail of the process.
    return HeaderRegistry.__call__(registry, name, value)


class _Policy(EmailPolicy):
    _folded: dict = {}  # noqa: RUF012 - the process's cache of the shared headers' folded form

    def fold_binary(self, name, value):
        if name.lower() not in SHARED:
            return super().fold_binary(name, value)
        # The generator clones the policy for each part: the key is what folding depends on.
        key = (name, str(value), self.linesep, self.max_line_length, self.utf8, self.cte_type)
        if key not in self._folded:
            if len(self._folded) >= CACHED:
                self._folded.clear()
            self._folded[key] = super().fold_binary(name, value)
        return self._folded[key]


HEADERS = _Headers()
# RFC 5322: a line is at most 998 characters; a longer body line must be encoded.
MAX_LINE = 998
# The library folds the headers it builds at 78 characters; a raw header is written as given.
POLICY = _Policy(linesep="\r\n", refold_source="none", header_factory=HEADERS)


class Envelope:
    """What every mail of a batch shares, computed once per batch."""

    def __init__(self, *, smtp: bool = False):
        self.smtp = smtp  # sent on smtplib's connection (else: through a Django backend)
        self.policy = POLICY
        sender = HEADERS("From", settings.DEFAULT_FROM_EMAIL)
        self.mail_from = sender.addresses[0].addr_spec
        # Folded once: "From: …\r\n" minus its name and line end, written as is in each mail.
        self.from_value = sender.fold(policy=POLICY)[len("From: ") : -len(POLICY.linesep)]
        self.domain = portal_domain()
        self.zone = timezone.get_current_timezone()
        # One pair of boundaries for the batch, so the multipart headers are parsed and folded
        # once. The library would draw one per mail, then scan the whole text for a clash with
        # a regular expression compiled for it; 122 random bits do not occur in a text by chance.
        self.boundaries = [f"==============={uuid.uuid4().hex}==" for _ in range(2)]

    def date(self) -> str:
        return format_datetime(timezone.now().astimezone(self.zone))

    def message_id(self) -> str:
        return make_msgid(domain=self.domain)


def _set_header(message: EmailMessage, name: str, value) -> None:
    value = str(value)
    if "\n" in value or "\r" in value:
        raise ValueError(f"En-tête {name} sur plusieurs lignes : refusé.")
    del message[name]
    if value.isascii() and len(name) + 2 + len(value) <= MAX_LINE:
        message.set_raw(name, value)
    else:
        message[name] = value  # parsed, encoded and folded by the library


def _set_text(part: EmailMessage, text: str, subtype: str) -> None:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii():
        cte = "7bit"
    else:
        cte = "8bit"
    if any(len(line.encode()) > MAX_LINE for line in text.split("\n")):
        cte = "quoted-printable"
    part.set_content(text, subtype=subtype, cte=cte)


def _attach(message: EmailMessage, filename: str, content: bytes, mimetype: str) -> None:
    """One attachment; a text type states its charset once (the library writes it)."""
    header = HEADERS("Content-Type", mimetype)
    params = {k: v for k, v in header.params.items() if k != "charset"}
    if header.maintype == "text":
        text = content.decode(header.params.get("charset") or "utf-8")
        message.add_attachment(text, subtype=header.subtype, filename=filename, params=params)
    else:
        message.add_attachment(
            content,
            maintype=header.maintype,
            subtype=header.subtype,
            filename=filename,
            params=params,
        )


def build(row, envelope: Envelope) -> EmailMessage:
    """The outbox row as a message: text, its HTML alternative, then the attachments.

    A row's own headers replace the envelope's (as Django's extra headers do); a header value
    with a line break is refused (no header injection).
    """
    message = EmailMessage(policy=envelope.policy)
    message["Subject"] = row.subject
    message.set_raw("From", envelope.from_value)
    _set_header(message, "To", row.to_email)
    message.set_raw("Date", envelope.date())
    message.set_raw("Message-ID", envelope.message_id())
    for name, value in (row.headers or {}).items():
        if name.lower() != "mime-version":
            _set_header(message, name, value)
    _set_text(message, row.body_text, "plain")
    if row.body_html:
        html = EmailMessage(policy=envelope.policy)
        _set_text(html, row.body_html, "html")
        del html["MIME-Version"]
        message.make_alternative(boundary=envelope.boundaries[0])
        message.attach(html)
    attachments = row.attachment_files()
    if attachments:
        message.make_mixed(boundary=envelope.boundaries[1])
    for filename, content, mimetype in attachments:
        _attach(message, filename, content, mimetype)
    return message


class OutboxMessage(EmailMultiAlternatives):
    """Django's message of a row, for the other backends (files, tests, a provider's API): its
    attributes are the row's, and its MIME form is `build`'s, not Django's own."""

    def __init__(self, row, envelope: Envelope, connection=None):
        super().__init__(
            subject=row.subject,
            body=row.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[row.to_email],
            headers=dict(row.headers or {}),
            connection=connection,
        )
        if row.body_html:
            self.attach_alternative(row.body_html, "text/html")
        for filename, content, mimetype in row.attachment_files():
            self.attach(filename, content, mimetype)
        self._built = build(row, envelope)

    def message(self):
        return self._built
