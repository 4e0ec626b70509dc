"""The cells of a staff list, drawn in Python rather than one template per cell.

A page of 50 rows holds 350 to 400 cells; Wagtail renders each through its template, and the
title cell's row menu (« … »: Modifier, Voir la fiche, Supprimer…) through five more
templates per row (buttons, dropdown, one per button, one per icon). On this project's machines
that was 40 to 60 % of a list's time. `quicken(column)` gives a column of Wagtail's own plain or
title kind a `render_cell_html` that writes the same HTML as a string; any other column, and
any button of another kind, keeps its template. tests/common/test_admin_cells.py renders every
staff list both ways and compares the HTML, so a Wagtail upgrade that changes a template fails
there rather than drifting.

The strings are joined by hand, escaped with the standard library's `html.escape` (what
Django's `escape` calls, without its lazy-string wrappers: 6,000 calls a page), and marked safe
once per cell.
"""

import html
from types import MethodType

from django.contrib.admin.utils import quote
from django.template import Context
from django.template.base import render_value_in_context
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import SafeData, mark_safe
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.widgets.button import BaseButton, BaseDropdownMenuButton

CELL = "wagtailadmin/tables/cell.html"
TITLE_CELL = "wagtailadmin/tables/title_cell.html"
BUTTON = "wagtailadmin/shared/button.html"
DROPDOWN = "wagtailadmin/shared/button_with_dropdown.html"

# What `{{ value }}` does in a template (local time, localized numbers and dates, escaping).
_CONTEXT = Context()

# Off in tests/common/test_admin_cells.py, to render the same page through the templates (and
# every row's URLs through `reverse`).
ENABLED = True


def _e(value) -> str:
    """`{{ value }}` of a string: escaped unless already safe."""
    return value if isinstance(value, SafeData) else html.escape(str(value))


def _text(value) -> str:
    """`{{ value }}` of any value."""
    if type(value) is str:
        return html.escape(value)
    return render_value_in_context(value, _CONTEXT)


def icon(name: str, classname: str = "icon") -> str:
    """wagtailadmin/shared/icon.html, with no title and not wrapped."""
    name = _e(name)
    return (
        f'<svg class="icon icon-{name} {_e(classname)}" aria-hidden="true">'
        f'<use href="#icon-{name}"></use></svg>'
    )


def _attrs(attrs: dict) -> str:
    """wagtailadmin/shared/attrs.html: False drops an attribute, True writes it bare."""
    return "".join(
        f" {_e(name)}" if value is True else f' {_e(name)}="{_e(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _untouched(button, base, template) -> bool:
    """A button of Wagtail's kind `base` drawn by its own template: no subclass changes how."""
    kind = type(button)
    return (
        isinstance(button, base)
        and button.template_name == template
        and kind.get_context_data is base.get_context_data
        and kind.render_html is BaseButton.render_html
    )


def button_html(button, parent_context) -> str:
    """One button of a row (wagtailadmin/shared/button.html), or its own template."""
    if not _untouched(button, BaseButton, BUTTON):
        return button.render_html(parent_context)
    content = (icon(button.icon_name) if button.icon_name else "") + _text(button.label)
    attrs = button.base_attrs_string  # flatatt: escaped already
    if button.url:
        return f'<a href="{_e(button.url)}" class="{_e(button.classname)}" {attrs}>{content}</a>'
    return f'<button class="{_e(button.classname)}" {attrs}>{content}</button>'


def dropdown_html(button, parent_context) -> str:
    """A row's « … » menu (button_with_dropdown.html and shared/dropdown/dropdown.html)."""
    if not _untouched(button, BaseDropdownMenuButton, DROPDOWN):
        return button.render_html(parent_context)
    label = button.label
    toggle_class = " ".join(
        c.strip()
        for c in (
            "w-dropdown__toggle",
            "" if label else "w-dropdown__toggle--icon",
            button.classname,
        )
        if c
    )
    aria = f' aria-label="{_e(button.aria_label)}"' if button.aria_label else ""
    children = "".join(button_html(b, parent_context) for b in sorted(button.dropdown_buttons))
    toggle_icon = icon(button.icon_name or "arrow-down", "w-dropdown__toggle-icon")
    return (
        f'<div data-controller="w-dropdown" class="w-dropdown" {button.base_attrs_string}>'
        f'<button type="button" class="{_e(toggle_class)}" data-w-dropdown-target="toggle"{aria}>'
        f"{_text(label)}{toggle_icon}</button>"
        f'<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>{children}</div>'
        "</div>"
    )


def _plain_cell(self, instance, parent_context):
    if not ENABLED:
        return BaseColumn.render_cell_html(self, instance, parent_context)
    value = self.get_cell_context_data(instance, parent_context)["value"]
    classname = f' class="{_e(self.classname)}"' if self.classname else ""
    return mark_safe(f"<td{classname}>{'' if value is None else _text(value)}</td>")


def _title_cell(self, instance, parent_context):
    if not ENABLED:
        return BaseColumn.render_cell_html(self, instance, parent_context)
    context = self.get_cell_context_data(instance, parent_context)
    title = _text(context["value"])
    if context.get("title_id"):
        title = f'<span id="{_e(context["title_id"])}">{title}</span>'
    if context.get("link_url"):
        title = f"<a{_attrs(context['link_attrs'])}>{title}</a>"
    elif context.get("label_id"):
        title = f'<label for="{_e(context["label_id"])}">{title}</label>'
    actions = ""
    if context.get("buttons"):
        items = "".join(
            "<li>"
            + (
                dropdown_html(b, parent_context)
                if isinstance(b, BaseDropdownMenuButton)
                else button_html(b, parent_context)
            )
            + "</li>"
            for b in context["buttons"]
            if b.show
        )
        actions = f'<ul class="actions">{items}</ul>'
    classname = f"{_e(self.classname)} title" if self.classname else "title"
    return mark_safe(
        f'<td class="{classname}"><div class="title-wrapper">{title}</div>{actions}</td>'
    )


def quicken(column):
    """The column, drawing its cells in Python when it is one of Wagtail's plain or title
    columns with their own templates; any other column as it is."""
    if type(column).render_cell_html is not BaseColumn.render_cell_html:
        return column
    if isinstance(column, TitleColumn) and column.cell_template_name == TITLE_CELL:
        column.render_cell_html = MethodType(_title_cell, column)
    elif isinstance(column, Column) and column.cell_template_name == CELL:
        column.render_cell_html = MethodType(_plain_cell, column)
    return column


# A row's id in a URL reversed once per list: the URL of every row is that one with its id.
_ROW = 918273645


class QuickCellsMixin:
    """An index view whose columns draw their cells with `quicken`, and whose rows' links
    (title, row menu: four URLs and four permission checks a row) are reversed and checked
    once per page rather than once per row."""

    @cached_property
    def columns(self):
        return [quicken(column) for column in super().columns]

    @cached_property
    def _asked(self) -> dict:
        return {}

    def user_has_permission(self, permission):
        # The user's permission on the model (not on a row): one answer for the whole page.
        key = ("one", permission)
        if key not in self._asked:
            self._asked[key] = super().user_has_permission(permission)
        return self._asked[key]

    def user_has_any_permission(self, permissions):
        key = ("any", frozenset(permissions))
        if key not in self._asked:
            self._asked[key] = super().user_has_any_permission(permissions)
        return self._asked[key]

    def row_url(self, url_name: str, pk) -> str:
        if not ENABLED or not isinstance(pk, int):
            return reverse(url_name, args=(quote(pk),))
        key = ("url", url_name)
        if key not in self._asked:
            self._asked[key] = reverse(url_name, args=(_ROW,))
        return self._asked[key].replace(str(_ROW), str(pk))

    # Wagtail's IndexView's own four, through row_url.
    def get_edit_url(self, instance):
        if self.edit_url_name and self.user_has_permission("change"):
            return self.row_url(self.edit_url_name, instance.pk)

    def get_copy_url(self, instance):
        if self.copy_url_name and self.user_has_permission("add"):
            return self.row_url(self.copy_url_name, instance.pk)

    def get_inspect_url(self, instance):
        if self.inspect_url_name and self.user_has_any_permission(
            {"add", "change", "delete", "view"}
        ):
            return self.row_url(self.inspect_url_name, instance.pk)

    def get_delete_url(self, instance):
        if self.delete_url_name and self.user_has_permission("delete"):
            return self.row_url(self.delete_url_name, instance.pk)
