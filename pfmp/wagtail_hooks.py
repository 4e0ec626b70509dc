"""Staff screens of PFMP placements: the board (pfmp_admin:…), the classes, periods and pupils
(viewsets writing through pfmp.services), the RBDE's to-do lines."""

from django.core.exceptions import ValidationError
from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.viewsets.base import ViewSetGroup

from etablissements.admin_views import ScopedModelViewSet
from etablissements.labels import Noun

from . import admin_urls, dashboard
from .forms import SchoolClassForm
from .models import PfmpPeriod, Pupil, SchoolClass
from .services import (
    PfmpError,
    period_delete,
    period_save,
    pupil_delete,
    pupil_save,
    school_class_delete,
    school_class_save,
)


class PfmpViewSet(ScopedModelViewSet):
    copy_view_enabled = False
    service_errors = (PfmpError, ValidationError)
    list_per_page = 50


class SchoolClassViewSet(PfmpViewSet):
    model = SchoolClass
    noun = Noun("classe", "classes", feminine=True)
    icon = "group"
    menu_label = "Classes"
    name = "pfmp_classes"
    url_prefix = "pfmp/classes"
    save_service = staticmethod(school_class_save)
    delete_service = staticmethod(school_class_delete)
    list_display = ["name", "school_year", "cycle_year", "trade"]
    list_filter = ["school_year", "cycle_year"]
    search_fields = ["name", "trade"]
    ordering = ["-school_year", "name"]
    form_fields = ["school", "school_year", "name", "cycle_year", "diploma", "trade"]

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)
        return type(form_class.__name__, (SchoolClassForm, form_class), {})


class PeriodViewSet(PfmpViewSet):
    model = PfmpPeriod
    noun = Noun("période de PFMP", "périodes de PFMP", feminine=True)
    icon = "date"
    menu_label = "Périodes de PFMP"
    name = "pfmp_periodes"
    url_prefix = "pfmp/periodes"
    save_service = staticmethod(period_save)
    delete_service = staticmethod(period_delete)
    list_select_related = ["school_class"]
    list_display = [
        Column("school_class", label="Classe", accessor="school_class.name"),
        "kind",
        "start",
        "end",
    ]
    list_filter = ["kind", "school_class__school_year"]
    ordering = ["start"]
    form_fields = ["school_class", "kind", "start", "end"]


class PupilViewSet(PfmpViewSet):
    model = Pupil
    noun = Noun("élève", "élèves")
    icon = "user"
    menu_label = "Élèves"
    name = "pfmp_eleves"
    url_prefix = "pfmp/eleves"
    save_service = staticmethod(pupil_save)
    delete_service = staticmethod(pupil_delete)
    list_select_related = ["school_class"]
    list_display = [
        "last_name",
        "first_name",
        Column("school_class", label="Classe", accessor="school_class.name"),
    ]
    list_filter = ["school_class__school_year"]
    search_fields = ["last_name", "first_name", "school_class__name"]
    ordering = ["last_name", "first_name"]
    form_fields = ["school_class", "last_name", "first_name"]
    # No export: a class list leaves the portal only as the days-done file.
    list_export = []


class PfmpGroup(ViewSetGroup):
    menu_label = "Classes et élèves"
    menu_icon = "group"
    menu_order = 205
    items = (SchoolClassViewSet, PeriodViewSet, PupilViewSet)


@hooks.register("register_admin_viewset")
def register_viewsets():
    return PfmpGroup()


@hooks.register("register_admin_urls")
def register_board_urls():
    return [path("pfmp/tableau/", include(admin_urls, namespace="pfmp_admin"))]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission: str, **kwargs):
        self.permission = permission
        super().__init__(*args, **kwargs)

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_board_menu_item():
    return PermissionMenuItem(
        "Placements en PFMP",
        reverse("pfmp_admin:board"),
        icon_name="group",
        order=204,
        permission="pfmp.change_placement",
        name="pfmp-tableau",
    )


@hooks.register("register_admin_menu_item")
def register_my_pupils_menu_item():
    return PermissionMenuItem(
        "Mes élèves en PFMP",
        reverse("pfmp_admin:my_pupils"),
        icon_name="user",
        order=211,
        permission="partenariats.add_interaction",
        name="pfmp-mes-eleves",
    )


@hooks.register("register_todo_lines")
def pfmp_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)


@hooks.register("insert_global_admin_css")
def pfmp_admin_css():
    return format_html('<link rel="stylesheet" href="{}">', static("pfmp/admin.css"))
