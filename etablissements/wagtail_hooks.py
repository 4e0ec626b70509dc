import django_filters
from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.active_filters import register_filter_adapter_class
from wagtail.admin.views import generic
from wagtail.log_actions import log

from .admin_views import ScopedModelViewSet
from .dashboard import todo_panels
from .labels import YesNoFilterAdapter
from .models import Membership, School
from .services import (
    membership_change,
    membership_grant,
    membership_revoke,
    school_delete,
    school_save,
)
from .templatetags.portal_admin import user_edits_pages

register_filter_adapter_class(django_filters.BooleanFilter, YesNoFilterAdapter)


def _fields(form) -> dict:
    return {name: form.cleaned_data[name] for name in ("user", "school", "role")}


class MembershipCreateView(generic.CreateView):
    """Writes through `membership_grant` (the groups, hence the permissions, follow)."""

    def save_instance(self):
        instance = membership_grant(**_fields(self.form))
        log(instance=instance, action="wagtail.create", content_changed=True)
        return instance


class MembershipEditView(generic.EditView):
    def save_instance(self):
        instance = membership_change(membership=self.object, **_fields(self.form))
        log(instance=instance, action="wagtail.edit", content_changed=True)
        return instance


class MembershipDeleteView(generic.DeleteView):
    def delete_action(self):
        log(instance=self.object, action="wagtail.delete")
        membership = self.object
        membership_revoke(user=membership.user, school=membership.school, role=membership.role)


class SchoolViewSet(ScopedModelViewSet):
    model = School
    # No « Copier »: a school is one UAI.
    copy_view_enabled = False
    save_service = staticmethod(school_save)
    delete_service = staticmethod(school_delete)
    icon = "home"
    menu_label = "Établissements"
    menu_order = 900
    add_to_admin_menu = True
    list_display = ["name", "uai", "kind", "town", "academy"]
    list_filter = ["kind", "academy"]
    search_fields = ["name", "uai", "town"]
    inspect_view_enabled = True
    form_fields = ["uai", "name", "kind", "town", "postcode", "academy", "bde_email"]


class MembershipViewSet(ScopedModelViewSet):
    model = Membership
    # No « Copier »: a person's role in a school is granted, not copied.
    copy_view_enabled = False
    icon = "group"
    menu_label = "Rattachements"
    menu_order = 910
    add_to_admin_menu = True
    list_display = ["user", "school", "role"]
    list_filter = ["role", "school"]
    list_select_related = ["user", "school"]
    search_fields = ["user__username", "user__last_name", "school__name"]
    form_fields = ["user", "school", "role"]
    add_view_class = MembershipCreateView
    edit_view_class = MembershipEditView
    delete_view_class = MembershipDeleteView


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [
        SchoolViewSet("etablissements"),
        MembershipViewSet("rattachements"),
    ]


# Wagtail's panels about pages (locked, in moderation, recently edited): for page editors only.
PAGE_PANELS = {
    "locked_pages",
    "recent_edits",
    "workflow_objects_to_moderate",
    "user_objects_in_workflow_moderation",
}


@hooks.register("construct_homepage_panels")
def add_todo_panels(request, panels):
    if not user_edits_pages(request.user):
        panels[:] = [panel for panel in panels if getattr(panel, "name", "") not in PAGE_PANELS]
    # What needs the user now comes first, above every other panel.
    panels[:0] = todo_panels(request)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("etablissements/admin.css"))


@hooks.register("insert_global_admin_js")
def portal_admin_js():
    return format_html('<script src="{}" defer></script>', static("etablissements/phone_tables.js"))


@hooks.register("construct_main_menu")
def hide_page_editor_help(request, menu_items):
    # Wagtail's own help (what's new, editor guide) is about editing pages: not for the others.
    if not user_edits_pages(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "help"]
