"""Staff screens of the reminders: the log (scoped to the user's schools) and the rules."""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import TemplateView
from wagtail.admin.views.generic import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from .models import Reminder
from .rules import REGISTRY
from .services import rule_counts

CADENCES = {"horaire": "chaque heure", "hebdomadaire": "le lundi matin"}


class RuleIndexView(WagtailAdminTemplateMixin, TemplateView):
    """Every rule of the registry in one place, with its rows per status (one query)."""

    template_name = "rappels/admin/rules.html"
    page_title = "Règles de rappel"
    header_icon = "list-ul"
    _show_breadcrumbs = True

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("rappels.view_reminder"):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        counts = rule_counts(Reminder.objects.for_user(self.request.user))
        rules = [
            {
                "rule": rule,
                "cadence": CADENCES.get(rule.cadence, rule.cadence),
                "counts": counts.get(rule.code, {}),
                "app": type(rule).__module__.split(".")[0],
            }
            for rule in sorted(REGISTRY.values(), key=lambda rule: rule.code)
        ]
        return super().get_context_data(rules=rules, **kwargs)


class RuleViewSet(ViewSet):
    name = "rappels_regles"
    url_prefix = "rappels/regles"
    icon = "list-ul"
    menu_label = "Règles de rappel"

    def get_urlpatterns(self):
        return [path("", RuleIndexView.as_view(), name="index")]
