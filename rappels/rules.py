"""The reminder rules: small declarative classes, one registry for the whole portal.

An app declares its rules in `<app>/reminders.py` (imported by `rappels` at start-up):

    from rappels.rules import Recipient, ReminderRule, register

    @register
    class ConventionEnding(ReminderRule):
        code = "partenariat_convention_fin"          # unique, stable: stored in the log rows
        label = "Convention se terminant dans 60 jours"
        template = "partenariats/mails/convention_fin"   # .txt and .html beside each other
        external = False                               # True: mail to people outside schools
        def due(self, today):                          # a queryset, filtered in the database
            return Partnership.objects.filter(convention_end__range=(today, today + 60 days))
        def occasion(self, obj):                       # what makes a second mail legitimate
            return obj.convention_end.isoformat()
        def recipients(self, obj):                     # list[Recipient]
            ...
        def context(self, obj):                        # for the template; `url` is the link
            return {"partnership": obj, "url": ...}

Once per (rule code, object, recipient email, occasion): the engine keeps that promise.

Optional hooks, with their defaults:
    kind = ""                     # unsubscribe category shared by several rules ("" = the code)
    cadence = "horaire"           # "horaire": planned every hour; "hebdomadaire": on Monday morning
    daily_cap = True              # False: its mails keep their own rhythm (a person's choice,
                                  # "immediately"), outside the one-reminder-mail-a-day rule
    def subject(self, obj): ...   # subject when the mail holds this one item (default: label)
    def school_id(self, obj): ... # stored on the row, scopes staff lists (default obj.school_id)
    def still_due(self, obj, occasion): # checked just before sending (default True): a row
                                  # planned for a situation that changed is ignored
    def due_at(self, obj, today): # when to send (default: as soon as planned)
    def attachments(self, obj):   # [(filename, content, mimetype)] joined to the mail (default [])
    def group_subject(self, objs):  # subject when the mail holds several items, all of this rule
                                  # (default None: "N rappels du bureau des entreprises")
    def intro(self, count):       # the mail's opening sentence when all its items are of this
                                  # rule (default None: "Voici un rappel du …")
    personal_entry = True         # False: the item's template ignores the recipient (rendered
                                  # once per object and batch, not once per person)
A Recipient may carry its own `due_at` (the person's choice of when), which wins over the rule's.

The template `<template>.txt` / `.html` renders ONE item (a few lines, the link); the engine wraps
the items due the same day for the same person in one mail (rappels/mail/rappels.txt|html).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.db.models import QuerySet

from courriels.services import kind_register

REGISTRY: dict[str, ReminderRule] = {}


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str = ""
    first_name: str = ""  # what the mail's greeting says (« Bonjour Élise, »)
    user_id: int | None = None  # a staff account: their profile says which reminders they get
    contact_id: int | None = None  # a company contact (tutor, mentor…): can unsubscribe
    # When this person gets it (their preference), instead of the rule's `due_at`.
    due_at: datetime.datetime | None = field(default=None, compare=False)
    extra: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)


class ReminderRule:
    code: ClassVar[str]
    label: ClassVar[str]
    template: ClassVar[str]
    external: ClassVar[bool] = False
    # Staff may switch a reminder off in their profile unless it is mandatory.
    optional: ClassVar[bool] = True
    kind: ClassVar[str] = ""
    cadence: ClassVar[str] = "horaire"
    daily_cap: ClassVar[bool] = True
    # False: the item's template uses only the object and context(), not `reminder` nor
    # `recipient_name`, so a batch renders it once per object for all its recipients.
    personal_entry: ClassVar[bool] = True

    def due(self, today: datetime.date) -> QuerySet:
        raise NotImplementedError

    def occasion(self, obj) -> str:
        raise NotImplementedError

    def recipients(self, obj) -> list[Recipient]:
        raise NotImplementedError

    def context(self, obj) -> dict:
        return {"object": obj}

    def due_at(self, obj, today: datetime.date) -> datetime.datetime | None:
        """When to send; None: as soon as planned."""
        return None

    def subject(self, obj) -> str:
        return self.label

    def group_subject(self, objs: list) -> str | None:
        """Subject of a mail holding several items of this rule only; None: the engine's."""
        return None

    def intro(self, count: int) -> str | None:
        """Opening sentence of a mail whose `count` items are all of this rule; None: the
        engine's ("Voici un rappel du …"), which suits reminders, not news."""
        return None

    def attachments(self, obj) -> list[tuple[str, bytes | str, str]]:
        """Files joined to the mail for this item (an `.ics` invitation, say)."""
        return []

    def select_for_mail(self, queryset: QuerySet) -> QuerySet:
        """The objects loaded to write the mails: add select_related() for context()."""
        return queryset

    def still_due(self, obj, occasion: str) -> bool:
        """Checked just before sending; False: the row is ignored, nothing is sent."""
        return True

    def school_id(self, obj) -> int | None:
        return getattr(obj, "school_id", None)

    @property
    def unsubscribe_kind(self) -> str:
        return self.kind or self.code

    def __str__(self):
        return self.label


def register(rule_class: type[ReminderRule]) -> type[ReminderRule]:
    if rule_class.code in REGISTRY and type(REGISTRY[rule_class.code]) is not rule_class:
        raise ValueError(f"Deux règles de rappel portent le code {rule_class.code!r}")
    REGISTRY[rule_class.code] = rule = rule_class()
    if rule.external:
        kind_register(rule.unsubscribe_kind, rule.label)
    return rule_class


def unregister(code: str) -> None:
    REGISTRY.pop(code, None)


def get_rule(code: str) -> ReminderRule:
    return REGISTRY[code]
