"""How the portal sends a mail: `email_queue(...)` writes a row in the caller's transaction.

Nothing here talks to a mail server: `courriels.sending` does, from a Celery task, after the
transaction commits. Opt-outs live in one table (`OptOut`), checked when a mail is written
and again just before it is sent; every optional mail carries one `List-Unsubscribe` header.
"""

from __future__ import annotations

import base64
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, Q
from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from common import links
from etablissements.models import School

from . import conf
from .models import ALL_KINDS, TRANSACTIONAL, Email, EmailStatus, OptOut
from .tasks import send

UNSUBSCRIBE_SALT = "rappels.desabonnement"  # unchanged: links already sent keep working

# kind -> what a person reads on the unsubscribe page (apps register theirs at start-up).
KIND_LABELS: dict[str, str] = {
    ALL_KINDS: "tous les courriels du portail qui ne répondent pas à une démarche de votre part"
}


class EmailError(Exception):
    """An outbox operation refused, with a message for a person (in French)."""


def kind_register(kind: str, label: str) -> None:
    """Name an opt-out category (shown on the unsubscribe page)."""
    if kind and kind not in KIND_LABELS:
        KIND_LABELS[kind] = label
    elif kind and label not in KIND_LABELS[kind]:
        KIND_LABELS[kind] = f"{KIND_LABELS[kind]}, {label}"


def kind_labels(kinds: Iterable[str]) -> list[str]:
    return [KIND_LABELS.get(kind, kind) for kind in kinds]


@dataclass
class Mail:
    """A mail about to be written to the outbox (the pieces `email_queue` takes)."""

    to: str
    subject: str
    text: str
    html: str = ""
    kind: str = TRANSACTIONAL
    about: object | None = None
    school_id: int | None = None
    attachments: list[tuple[str, bytes | str, str]] = field(default_factory=list)
    headers: dict[str, str] = field(default_factory=dict)


def render_mail(template: str, context: dict) -> tuple[str, str]:
    """The text and HTML bodies of `<template>.txt` and `<template>.html` (HTML if it exists)."""
    with translation.override("fr"):
        text = render_to_string(f"{template}.txt", context)
        try:
            html = render_to_string(f"{template}.html", context)
        except TemplateDoesNotExist:  # a text-only mail
            html = ""
    return text, html


def _encoded(attachments) -> list[dict]:
    files = []
    for filename, content, mimetype in attachments:
        raw = content.encode() if isinstance(content, str) else bytes(content)
        files.append(
            {"filename": filename, "mimetype": mimetype, "base64": base64.b64encode(raw).decode()}
        )
    return files


def _row(mail: Mail, now, opted_out: set[tuple[str, str]]) -> Email:
    email = (mail.to or "").strip().lower()
    headers = {"Auto-Submitted": "auto-generated", **mail.headers}
    if mail.kind != TRANSACTIONAL:
        url = unsubscribe_link(email, [mail.kind])
        # RFC 8058: mail clients offer a one-click unsubscribe (a POST to this address).
        headers.setdefault("List-Unsubscribe", f"<{url}>")
        headers.setdefault("List-Unsubscribe-Post", "List-Unsubscribe=One-Click")
    row = Email(
        kind=mail.kind,
        to_email=email,
        subject=mail.subject[:255],
        body_text=mail.text,
        body_html=mail.html,
        headers=headers,
        attachments=_encoded(mail.attachments),
        school_id=mail.school_id,
        due_at=now,
    )
    if mail.about is not None:
        row.content_type = ContentType.objects.get_for_model(mail.about, for_concrete_model=False)
        row.object_id = mail.about.pk
        row.object_label = str(mail.about)[:255]
        if row.school_id is None:
            is_school = isinstance(mail.about, School)
            row.school_id = mail.about.pk if is_school else getattr(mail.about, "school_id", None)
    if mail.kind != TRANSACTIONAL and (
        (email, mail.kind) in opted_out or (email, ALL_KINDS) in opted_out
    ):
        row.status = EmailStatus.SKIPPED
        row.last_error = "Le destinataire s’est désabonné de ces courriels."
    return row


def opted_out_pairs(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """The (email, kind) of `pairs`, plus (email, "tout"), found in the opt-out table."""
    pairs = {(email, kind) for email, kind in pairs if kind != TRANSACTIONAL}
    if not pairs:
        return set()
    emails = {email for email, _ in pairs}
    kinds = {kind for _, kind in pairs} | {ALL_KINDS}
    return set(OptOut.objects.filter(email__in=emails, kind__in=kinds).values_list("email", "kind"))


def is_opted_out(email: str, kind: str = ALL_KINDS) -> bool:
    email = (email or "").strip().lower()
    return OptOut.objects.filter(email=email, kind__in={kind, ALL_KINDS}).exists()


@transaction.atomic
def emails_queue(*, mails: list[Mail]) -> list[Email]:
    """Write these mails to the outbox, in the caller's transaction; sent once it commits."""
    mails = [mail for mail in mails if (mail.to or "").strip()]
    if not mails:
        return []
    now = timezone.now()
    opted_out = opted_out_pairs((mail.to.strip().lower(), mail.kind) for mail in mails)
    rows = Email.objects.bulk_create([_row(mail, now, opted_out) for mail in mails])
    if any(row.status == EmailStatus.PENDING for row in rows):
        _send_after_commit()
    return rows


def email_queue(
    *,
    to: str,
    subject: str,
    template: str | None = None,
    context: dict | None = None,
    text: str = "",
    html: str = "",
    kind: str = TRANSACTIONAL,
    about=None,
    school_id: int | None = None,
    attachments: list[tuple[str, bytes | str, str]] | None = None,
) -> Email | None:
    """Write one mail to the outbox (bodies from `template` and `context`, or given)."""
    if template:
        text, html = render_mail(template, context or {})
    mail = Mail(
        to=to,
        subject=subject,
        text=text,
        html=html,
        kind=kind,
        about=about,
        school_id=school_id,
        attachments=list(attachments or []),
    )
    rows = emails_queue(mails=[mail])
    return rows[0] if rows else None


def _dispatch() -> None:
    send.delay()


def _send_after_commit() -> None:
    """One send task per committed transaction that wrote mails (beat catches the rest)."""
    if not conf.send_on_commit():
        return
    if any(func is _dispatch for _, func, _ in connection.run_on_commit):
        return
    transaction.on_commit(_dispatch)


# --- Unsubscribing --------------------------------------------------------------------------


def unsubscribe_token(email: str, kinds: list[str]) -> str:
    return links.sign({"e": email, "k": sorted(kinds)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_link(email: str, kinds: list[str]) -> str:
    path = reverse("courriels:desabonnement", args=[unsubscribe_token(email, kinds)])
    return links.absolute_url(path)


def unsubscribe_read(token: str) -> tuple[str, list[str]]:
    try:
        data = links.unsign(token, salt=UNSUBSCRIBE_SALT)
        return data["e"], list(data["k"])
    except (links.LinkError, KeyError, TypeError) as exc:
        raise EmailError(
            "Ce lien de désabonnement n’est pas valide : copiez-le en entier depuis le courriel."
        ) from exc


@transaction.atomic
def opt_out_record(*, email: str, kinds: list[str]) -> list[OptOut]:
    """Record that `email` wants no more mails of `kinds`; mails waiting for it are dropped."""
    email = (email or "").strip().lower()
    OptOut.objects.bulk_create(
        [OptOut(email=email, kind=kind) for kind in kinds], ignore_conflicts=True
    )
    waiting = Email.objects.filter(to_email=email, status=EmailStatus.PENDING)
    if ALL_KINDS not in kinds:
        waiting = waiting.filter(kind__in=kinds)
    waiting.exclude(kind=TRANSACTIONAL).update(
        status=EmailStatus.SKIPPED, last_error="Le destinataire s’est désabonné de ces courriels."
    )
    return list(OptOut.objects.filter(email=email, kind__in=kinds))


def unsubscribe_confirm(*, token: str) -> tuple[str, list[str]]:
    """Record the opt-out a signed link carries."""
    email, kinds = unsubscribe_read(token)
    opt_out_record(email=email, kinds=kinds)
    return email, kinds


def opted_out_filter(email_field: str, kind_field: str | None = None, kind: str | None = None):
    """A Q() true where the row's address opted out (for a queryset of another app)."""
    kinds = Q(kind=ALL_KINDS)
    if kind_field:
        kinds |= Q(kind=OuterRef(kind_field))
    elif kind:
        kinds |= Q(kind=kind)
    return Exists(OptOut.objects.filter(kinds, email=OuterRef(email_field)))
