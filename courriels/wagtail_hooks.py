"""The staff screen of the outbox: what was sent, to whom, when, what failed and why."""

from wagtail import hooks
from wagtail.permissions import register_permission_policy

from etablissements.admin_views import ScopedModelViewSet

from .admin_views import ReadOnlyPolicy
from .filters import EmailFilterSet
from .models import Email

register_permission_policy(Email, ReadOnlyPolicy(Email))


class EmailViewSet(ScopedModelViewSet):
    model = Email
    name = "courriels_admin"
    url_prefix = "courriels"
    icon = "mail"
    menu_label = "Courriels envoyés"
    menu_order = 810
    add_to_admin_menu = True
    list_display = ["subject", "to_email", "object_label", "status", "created_at", "sent_at"]
    list_select_related = []
    filterset_class = EmailFilterSet
    search_fields = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "subject",
        "to_email",
        "kind",
        "object_label",
        "school",
        "status",
        "created_at",
        "due_at",
        "sent_at",
        "attempts",
        "last_error",
        "body_text",
    ]
    form_fields = ["status"]
    per_page = 50
    ordering = ["-created_at", "-pk"]


@hooks.register("register_admin_viewset")
def register_viewsets():
    return EmailViewSet()
