from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.views import generic

from .admin_views import ScopedModelViewSet
from .dashboard import todo_panels
from .models import Membership, School
from .services import membership_sync_groups
from .templatetags.portal_admin import user_edits_pages


class MembershipSaveMixin:
    """Groups follow the memberships: save through the service's group sync."""

    def save_instance(self):
        instance = super().save_instance()
        membership_sync_groups(instance.user)
        return instance


class MembershipCreateView(MembershipSaveMixin, generic.CreateView):
    pass


class MembershipEditView(MembershipSaveMixin, generic.EditView):
    pass


class SchoolViewSet(ScopedModelViewSet):
    model = School
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


@hooks.register("register_admin_viewset")
def register_viewsets():
    return [SchoolViewSet("etablissements"), MembershipViewSet("rattachements")]


@hooks.register("construct_homepage_panels")
def add_todo_panels(request, panels):
    # What needs the user now comes first, above every other panel.
    panels[:0] = todo_panels(request)


@hooks.register("insert_global_admin_css")
def portal_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("etablissements/admin.css"))


@hooks.register("construct_main_menu")
def hide_page_editor_help(request, menu_items):
    # Wagtail's own help (what's new, editor guide) is about editing pages: not for the others.
    if not user_edits_pages(request.user):
        menu_items[:] = [item for item in menu_items if item.name != "help"]
