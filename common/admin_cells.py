"""The cells of a staff list, drawn in Python rather than one template per cell.

A page of 50 rows holds 350 to 400 cells; Wagtail renders each through its template, and the
title cell's row menu (« … »: Modifier, Copier, Inspecter, Supprimer) through five more
templates per row (buttons, dropdown, one per button, one per icon). On this project's machines
that was 40 to 60 % of a list's time. `quicken(column)` gives a column of Wagtail's own plain or
title kind a `render_cell_html` that writes the same HTML with `format_html`; any other column,
and any button of another kind, keeps its template. tests/common/test_admin_cells.py renders
every staff list both ways and compares the HTML, so a Wagtail upgrade that changes a template
fails there rather than drifting.
"""

from types import MethodType

from django.utils.functional import cached_property

from django.template import Context
from django.template.base import render_value_in_context
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import BaseColumn, Column, TitleColumn
from wagtail.admin.widgets.button import BaseButton, BaseDropdownMenuButton

CELL = "wagtailadmin/tables/cell.html"
TITLE_CELL = "wagtailadmin/tables/title_cell.html"
BUTTON = "wagtailadmin/shared/button.html"
DROPDOWN = "wagtailadmin/shared/button_with_dropdown.html"

# What `{{ value }}` does in a template (local time, localized numbers and dates, escaping).
_CONTEXT = Context()

# Off in tests/common/test_admin_cells.py, to render the same page through the templates.
ENABLED = True


def _text(value) -> str:
    return render_value_in_context(value, _CONTEXT)


def _class(classname) -> str:
    return format_html(' class="{}"', classname) if classname else ""


def icon(name: str, classname: str = "icon") -> str:
    """wagtailadmin/shared/icon.html, with no title and not wrapped."""
    return format_html(
        '<svg class="icon icon-{} {}" aria-hidden="true"><use href="#icon-{}"></use></svg>',
        name,
        classname,
        name,
    )


def _attrs(attrs: dict) -> str:
    """wagtailadmin/shared/attrs.html: False drops an attribute, True writes it bare."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def button_html(button, parent_context) -> str:
    """One button of a row (wagtailadmin/shared/button.html), or its own template."""
    kind = type(button)
    if not (
        isinstance(button, BaseButton)
        and button.template_name == BUTTON
        and kind.get_context_data is BaseButton.get_context_data
        and kind.render_html is BaseButton.render_html
    ):
        return button.render_html(parent_context)
    content = format_html(
        "{}{}",
        icon(button.icon_name) if button.icon_name else "",
        _text(button.label),
    )
    if button.url:
        return format_html(
            '<a href="{}" class="{}" {}>{}</a>',
            button.url,
            button.classname,
            mark_safe(button.base_attrs_string),  # flatatt: escaped already
            content,
        )
    return format_html(
        '<button class="{}" {}>{}</button>',
        button.classname,
        mark_safe(button.base_attrs_string),
        content,
    )


def dropdown_html(button, parent_context) -> str:
    """A row's « … » menu (button_with_dropdown.html and shared/dropdown/dropdown.html)."""
    if not (
        isinstance(button, BaseDropdownMenuButton)
        and button.template_name == DROPDOWN
        and type(button).get_context_data is BaseDropdownMenuButton.get_context_data
        and type(button).render_html is BaseButton.render_html
    ):
        return button.render_html(parent_context)
    label = button.label
    toggle_class = " ".join(
        c.strip()
        for c in ("w-dropdown__toggle", "" if label else "w-dropdown__toggle--icon", button.classname)
        if c
    )
    aria = format_html(' aria-label="{}"', button.aria_label) if button.aria_label else ""
    children = format_html_join(
        "", "{}", ((button_html(b, parent_context),) for b in sorted(button.dropdown_buttons))
    )
    return format_html(
        '<div data-controller="w-dropdown" class="w-dropdown" {}>'
        '<button type="button" class="{}" data-w-dropdown-target="toggle"{}>{}{}</button>'
        '<div data-w-dropdown-target="content" class="w-dropdown__content" hidden>{}</div>'
        "</div>",
        mark_safe(button.base_attrs_string),
        toggle_class,
        aria,
        _text(label),
        icon(button.icon_name or "arrow-down", "w-dropdown__toggle-icon"),
        children,
    )


def _plain_cell(self, instance, parent_context):
    if not ENABLED:
        return BaseColumn.render_cell_html(self, instance, parent_context)
    value = self.get_cell_context_data(instance, parent_context)["value"]
    return format_html(
        "<td{}>{}</td>", _class(self.classname), "" if value is None else _text(value)
    )


def _title_cell(self, instance, parent_context):
    if not ENABLED:
        return BaseColumn.render_cell_html(self, instance, parent_context)
    context = self.get_cell_context_data(instance, parent_context)
    title = _text(context["value"])
    if context.get("title_id"):
        title = format_html('<span id="{}">{}</span>', context["title_id"], title)
    if context.get("link_url"):
        title = format_html("<a{}>{}</a>", _attrs(context["link_attrs"]), title)
    elif context.get("label_id"):
        title = format_html('<label for="{}">{}</label>', context["label_id"], title)
    buttons = [b for b in context.get("buttons") or [] if b.show]
    actions = ""
    if context.get("buttons"):
        actions = format_html(
            '<ul class="actions">{}</ul>',
            format_html_join(
                "",
                "<li>{}</li>",
                (
                    (
                        dropdown_html(b, parent_context)
                        if isinstance(b, BaseDropdownMenuButton)
                        else button_html(b, parent_context),
                    )
                    for b in buttons
                ),
            ),
        )
    classname = f"{self.classname} title" if self.classname else "title"
    return format_html(
        '<td class="{}"><div class="title-wrapper">{}</div>{}</td>', classname, title, actions
    )


def quicken(column):
    """The column, drawing its cells in Python when it is one of Wagtail's plain or title
    columns with their own templates; any other column as it is."""
    kind = type(column)
    if kind.render_cell_html is not BaseColumn.render_cell_html:
        return column
    if isinstance(column, TitleColumn) and column.cell_template_name == TITLE_CELL:
        column.render_cell_html = MethodType(_title_cell, column)
    elif isinstance(column, Column) and column.cell_template_name == CELL:
        column.render_cell_html = MethodType(_plain_cell, column)
    return column


class QuickCellsMixin:
    """An index view whose columns draw their cells with `quicken`."""

    @cached_property
    def columns(self):
        return [quicken(column) for column in super().columns]
