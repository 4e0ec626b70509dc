"""Staff screens of the reminder engine: the log, the rules, each user's preferences."""

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.account import BaseSettingsPanel, notifications_tab
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.permissions import register_permission_policy

from courriels.admin_views import ReadOnlyPolicy
from etablissements.admin_views import ScopedModelViewSet

from .admin_views import RuleViewSet
from .filters import ReminderFilterSet
from .forms import ReminderPreferencesForm
from .models import Reminder

register_permission_policy(Reminder, ReadOnlyPolicy(Reminder))


class ReminderViewSet(ScopedModelViewSet):
    model = Reminder
    name = "rappels_admin"
    url_prefix = "rappels/journal"
    icon = "mail"
    menu_label = "Journal des rappels"
    empty_help = (
        "Les rappels (formations à venir, conventions qui finissent, bilans à remettre…) "
        "s’inscrivent ici dès que leur règle les prévoit, puis à leur envoi."
    )
    list_display = [
        "object_label",
        Column("rule_label", label="règle"),
        "recipient_email",
        "status",
        "due_at",
        "sent_at",
        "attempts",
    ]
    filterset_class = ReminderFilterSet
    list_select_related = []
    search_fields = None
    inspect_view_enabled = True
    inspect_view_fields = [
        "rule_code",
        "object_label",
        "school",
        "occasion",
        "recipient_email",
        "recipient_name",
        "external",
        "status",
        "due_at",
        "sent_at",
        "attempts",
        "last_error",
        "created_at",
    ]
    form_fields = ["status"]
    per_page = 50
    ordering = ["-due_at", "-pk"]


class ReminderGroup(ViewSetGroup):
    menu_label = "Rappels"
    menu_icon = "mail"
    menu_order = 800
    items = (ReminderViewSet, RuleViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return ReminderGroup()


class ReminderPreferencesPanel(BaseSettingsPanel):
    name = "rappels"
    title = "Rappels par courriel"
    tab = notifications_tab
    order = 500
    form_class = ReminderPreferencesForm
    template_name = "rappels/admin/preferences_panel.html"

    def is_active(self):
        return self.user.is_superuser or self.user.memberships.exists()


@hooks.register("register_account_settings_panel")
def register_preferences_panel(request, user, profile):
    return ReminderPreferencesPanel(request, user, profile)
