"""Template helpers of the staff area: the académie's name, whether a user edits site pages."""

from django import template
from django.conf import settings
from wagtail.permission_policies.pages import PagePermissionPolicy

register = template.Library()

PAGE_ACTIONS = {"add", "change", "publish"}


@register.simple_tag
def portal_academy_name() -> str:
    return settings.PORTAL_ACADEMY_NAME


@register.filter
def edits_pages(user) -> bool:
    """Page search, page counts and the editor's guide are for those who edit the public site."""
    return user_edits_pages(user)


def user_edits_pages(user) -> bool:
    if not user or not user.is_authenticated:
        return False
    cached = getattr(user, "_portal_edits_pages", None)
    if cached is None:
        cached = PagePermissionPolicy().user_has_any_permission(user, PAGE_ACTIONS)
        user._portal_edits_pages = cached
    return cached
