"""The staff's to-do list on the admin home: one panel per role, each line a count and its link.

Each app declares its lines in its own `dashboard.py` and registers a provider with the Wagtail
hook `register_todo_lines`: `provider(user, roles, today) -> list[TodoLine]`, where `roles` are the
roles the user holds (the academy administrator gets the school-wide roles over every school).
A provider answers in a fixed number of queries, whatever the number of rows.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone
from wagtail import hooks
from wagtail.admin.ui.components import Component

from common.wording import count_text, plural_of

from .models import Membership
from .querysets import is_academy_admin
from .roles import Role

TODO_HOOK = "register_todo_lines"

ROLE_HEADINGS = {
    Role.RBDE: "Bureau des entreprises : à faire",
    Role.TEACHER: "Mon travail d’enseignant : à faire",
    Role.DIRECTION: "Direction : à faire",
}
ROLE_ORDER = [Role.RBDE, Role.TEACHER, Role.DIRECTION]


@dataclass(frozen=True)
class TodoLine:
    """`count` things of `label` (plural form given by `label_one`/`label`), reached at `url`."""

    role: str
    key: str
    count: int
    label_one: str
    label: str
    url: str
    detail: str = ""
    order: int = 100
    # A figure (Pacte totals…) rather than something to do: never shown as urgent.
    informative: bool = False

    @property
    def text(self) -> str:
        return plural_of(self.count, self.label_one, self.label)

    @property
    def urgent(self) -> bool:
        return bool(self.count) and not self.informative


def scoped(manager, user, role: str):
    """`manager.for_user(user)` limited to the schools where `user` holds `role` (all schools
    for an academy administrator, who holds no membership)."""
    if is_academy_admin(user):
        return manager.for_user(user)
    return manager.for_user(user, roles=[role])


def days_text(days: int) -> str:
    if days <= 0:
        return "aujourd’hui"
    return count_text(days, "jour", "jours")


def held_roles(user) -> set[str]:
    """The roles `user` holds through a membership of a school (the academy's view aside)."""
    if not user.is_authenticated:
        return set()
    return set(Membership.objects.filter(user=user).values_list("role", flat=True))


def roles_of(user) -> set[str]:
    """The roles `user` holds in any school; the school-wide ones for an academy admin."""
    if not user.is_authenticated:
        return set()
    roles = held_roles(user)
    if is_academy_admin(user):
        roles |= {Role.RBDE, Role.DIRECTION}
    return roles


def todo_lines(user, today: datetime.date | None = None) -> dict[str, list[TodoLine]]:
    """Every line of every provider, grouped by role in the order the panels show them."""
    today = today or timezone.localdate()
    roles = roles_of(user)
    grouped: dict[str, list[TodoLine]] = {role: [] for role in ROLE_ORDER if role in roles}
    if not grouped:
        return {}
    for provider in hooks.get_hooks(TODO_HOOK):
        for line in provider(user, roles, today):
            if line.role in grouped:
                grouped[line.role].append(line)
    return {
        role: sorted(lines, key=lambda line: line.order) for role, lines in grouped.items() if lines
    }


class TodoPanel(Component):
    """The lines of one role (RBDE, teacher or direction), first on the admin home."""

    template_name = "etablissements/admin/todo_panel.html"

    def __init__(self, role: str, lines: list[TodoLine]):
        self.role = role
        self.lines = lines
        self.name = f"a-faire-{role}"
        self.order = 10 + ROLE_ORDER.index(role)

    def get_context_data(self, parent_context=None):
        return {
            "panel_id": self.name,
            "heading": ROLE_HEADINGS[self.role],
            "lines": self.lines,
            "nothing_urgent": not any(line.urgent for line in self.lines),
        }


def todo_panels(request) -> list[TodoPanel]:
    return [TodoPanel(role, lines) for role, lines in todo_lines(request.user).items()]
