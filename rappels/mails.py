"""The reminder mails: the rows a scan claimed become mails of the outbox, one per person."""

from __future__ import annotations

import itertools
import logging
from collections import Counter, defaultdict

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from wagtail.admin.admin_url_finder import AdminURLFinder

from common.links import absolute_url
from courriels.models import TRANSACTIONAL
from courriels.services import Mail, emails_queue, unsubscribe_link

from .models import Reminder, ReminderStatus
from .rules import REGISTRY

logger = logging.getLogger(__name__)


# --- Composing: the claimed rows become mails of the outbox ----------------------------------


def reminders_send_batch(*, token: str) -> Counter:
    """Write one outbox mail per person for the rows claimed with `token`; safe to run twice.

    The mails and the rows' new status are written in one transaction: a task killed before
    it commits leaves the rows claimed (taken back later), never a mail without its row.
    """
    stats: Counter = Counter()
    rows = list(
        Reminder.objects.filter(claim_token=token, status=ReminderStatus.CLAIMED).order_by(
            "recipient_email", "id"
        )
    )
    if not rows:
        return stats
    objects = _load_objects(rows)
    entries: dict = {}  # the items rendered for this batch, reused (see `_entry`)
    mails: list[Mail] = []
    outcome: dict[str, list[Reminder]] = defaultdict(list)
    errors: dict[int, str] = {}
    for email, group in itertools.groupby(rows, key=lambda row: row.recipient_email):
        items = []
        for row in group:
            rule = REGISTRY.get(row.rule_code)
            obj = objects.get((row.content_type_id, row.object_id))
            if rule is None or obj is None:
                outcome["gone"].append(row)
            elif not _still_due(rule, obj, row):
                # Things change between planning and sending (a convention extended…).
                outcome["moot"].append(row)
            else:
                items.append((row, rule, obj))
        if not items:
            continue
        try:
            mails.append(reminder_mail(email, items, entries))
        except Exception as exc:  # noqa: BLE001 - a broken template must not block the batch
            logger.exception("rappel %s : le courriel n’a pas pu être composé", items[0][1].code)
            for row, _, _ in items:
                outcome["failed"].append(row)
                errors[row.id] = f"Composition : {exc}"[:1000]
            continue
        outcome["sent"].extend(row for row, _, _ in items)
    with transaction.atomic():
        emails_queue(mails=mails)
        _finish(outcome["sent"], token, status=ReminderStatus.SENT)
        _finish(outcome["gone"], token, status=ReminderStatus.SKIPPED, error=GONE)
        _finish(outcome["moot"], token, status=ReminderStatus.SKIPPED, error=MOOT)
        for row in outcome["failed"]:
            _finish([row], token, status=ReminderStatus.FAILED, error=errors[row.id])
    for key, group in outcome.items():
        stats[{"gone": "skipped", "moot": "skipped"}.get(key, key)] += len(group)
    return stats


GONE = "L’objet de ce rappel n’existe plus."
MOOT = "Ce rappel n’a plus lieu d’être : la situation a changé depuis sa planification."


def _load_objects(rows: list[Reminder]) -> dict[tuple[int, int], object]:
    wanted: dict[tuple[str, int], set[int]] = defaultdict(set)
    for row in rows:
        wanted[(row.rule_code, row.content_type_id)].add(row.object_id)
    objects = {}
    for (code, content_type_id), ids in wanted.items():
        rule = REGISTRY.get(code)
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if rule is None or model is None:
            continue
        for obj in rule.select_for_mail(model._default_manager.filter(pk__in=ids)):
            objects[(content_type_id, obj.pk)] = obj
    return objects


def _still_due(rule, obj, row) -> bool:
    try:
        return rule.still_due(obj, row.occasion)
    except Exception:  # noqa: BLE001 - a faulty check must not block the others' mails
        logger.exception("rappel %s : vérification avant envoi en échec", row.rule_code)
        return True


def _finish(rows, token, *, status, error: str = "") -> int:
    if not rows:
        return 0
    return Reminder.objects.filter(
        id__in=[row.id for row in rows], claim_token=token, status=ReminderStatus.CLAIMED
    ).update(
        status=status,
        sent_at=timezone.now() if status == ReminderStatus.SENT else None,
        attempts=F("attempts") + (0 if status == ReminderStatus.SKIPPED else 1),
        last_error=error,
    )


# --- The mail -------------------------------------------------------------------------------


def object_admin_url(obj) -> str:
    """The object's page in the staff space, when a Wagtail viewset knows it."""
    try:
        return AdminURLFinder().get_edit_url(obj) or ""
    except Exception:  # noqa: BLE001 - no viewset for this model: no link rather than no mail
        return ""


def _entry(row, rule, obj, name: str, cache: dict) -> dict:
    """One item of a mail: the rule's template rendered for this object.

    Within a batch, the rule's context (its links) is computed once per object, and so is the
    item itself when the rule says its template does not use the recipient (`personal_entry`).
    """
    key = (rule.code, row.content_type_id, obj.pk)
    if key not in cache:
        context = rule.context(obj)
        cache[key] = (context, absolute_url(context.get("url") or object_admin_url(obj)))
    rule_context, url = cache[key]
    personal = rule.personal_entry
    rendered_key = (*key, "rendu", row.occasion) + ((row.pk, name) if personal else ())
    if rendered_key not in cache:
        context = {"object": obj, "reminder": row, "rule": rule, "recipient_name": name}
        context.update(rule_context)
        context["url"] = url
        cache[rendered_key] = (
            render_to_string(f"{rule.template}.txt", context).strip(),
            render_to_string(f"{rule.template}.html", context),
        )
    text, html = cache[rendered_key]
    if personal:
        del cache[rendered_key]  # never reused: do not keep it
    return {"rule": rule, "reminder": row, "url": url, "text": text, "html": html}


def _subject(items) -> str:
    """One item: its rule's subject; several of one rule: the rule's grouped subject; else a
    count."""
    rules = {rule.code: rule for _, rule, _ in items}
    if len(items) == 1:
        _, rule, obj = items[0]
        return rule.subject(obj)
    only = next(iter(rules.values())) if len(rules) == 1 else None
    return (only and only.group_subject([obj for _, _, obj in items])) or (
        f"{len(items)} rappels du bureau des entreprises"
    )


def _context(email: str, items, name: str, first_name: str, cache: dict) -> dict:
    """What the mail's templates read: an entry per item, the unsubscribe link for the kinds
    of an outside person, the preferences page for staff."""
    external_kinds = sorted({row.kind for row, _, _ in items if row.external})
    staff = any(row.recipient_user_id for row, _, _ in items)
    context = {
        "name": name,
        "first_name": first_name,
        "entries": [_entry(row, rule, obj, name, cache) for row, rule, obj in items],
        "external_kinds": external_kinds,
        "unsubscribe_url": unsubscribe_link(email, external_kinds) if external_kinds else "",
        "preferences_url": absolute_url(reverse("wagtailadmin_account")) if staff else "",
        "capped": any(rule.daily_cap for _, rule, _ in items),
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": settings.PORTAL_BASE_URL,
    }
    rules = {rule.code for _, rule, _ in items}
    if len(rules) == 1:
        context["intro"] = items[0][1].intro(len(items))
    return context


def _unsubscribe_headers(unsubscribe_url: str) -> dict:
    """One List-Unsubscribe for every kind the mail groups (the outbox adds it for one kind)."""
    if not unsubscribe_url:
        return {}
    return {
        "List-Unsubscribe": f"<{unsubscribe_url}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def reminder_mail(email: str, items, cache: dict | None = None) -> Mail:
    """One mail for one person, listing each item (rule template), with the unsubscribe link."""
    name = next((row.recipient_name for row, _, _ in items if row.recipient_name), "")
    first_name = next(
        (row.recipient_first_name for row, _, _ in items if row.recipient_first_name), ""
    )
    with translation.override("fr"):
        context = _context(email, items, name, first_name, {} if cache is None else cache)
        subject = _subject(items)
        text = render_to_string("rappels/mail/rappels.txt", context)
        html = render_to_string("rappels/mail/rappels.html", context)
    external_kinds = context["external_kinds"]
    first_row, _, first_obj = items[0]
    return Mail(
        to=email,
        subject=subject,
        text=text,
        html=html,
        # Staff reminders are switched off in the profile, not by an opt-out link.
        kind=external_kinds[0] if len(external_kinds) == 1 else TRANSACTIONAL,
        about=first_obj if len(items) == 1 else None,
        school_id=first_row.school_id,
        attachments=[file for _, rule, obj in items for file in rule.attachments(obj)],
        headers=_unsubscribe_headers(context["unsubscribe_url"]),
    )
