from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from home import navigation

register = template.Library()


def _root_pk(request) -> int | None:
    root = navigation._root(request)
    return root.pk if root else None


@register.simple_tag(takes_context=True)
def main_menu(context):
    """Rendered once per version of the navigation and per current link (in this process)."""
    request = context.get("request")
    sections, standalone = navigation.main_menu(request)
    home = getattr(request, "path", "") == "/"
    current = tuple(
        link.url for section in sections for link in section.links if link.current
    ) + tuple(link.url for link in standalone if link.current)
    key = f"menu:{_root_pk(request)}:{home}:{current}"
    html = navigation.local_memo(
        key,
        lambda: render_to_string(
            "home/includes/main_menu.html",
            {"sections": sections, "standalone": standalone, "request": request},
        ),
    )
    return mark_safe(html)  # noqa: S308 (rendered by Django's templates, escaped)


@register.simple_tag(takes_context=True)
def footer_links(context):
    """Rendered once per version of the navigation (in this process)."""
    request = context.get("request")
    key = f"pied:{_root_pk(request)}"
    html = navigation.local_memo(
        key,
        lambda: render_to_string(
            "home/includes/footer_links.html", {"links": navigation.footer_links(request)}
        ),
    )
    return mark_safe(html)  # noqa: S308 (rendered by Django's templates, escaped)


@register.inclusion_tag("home/includes/breadcrumb.html", takes_context=True)
def portal_breadcrumb(context):
    return {"crumbs": navigation.breadcrumb(context)}
