"""The formations' hooks: the admin menu group, URLs, attendance menu item, to-do lines."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSetGroup

from .. import admin_views, dashboard
from .events import EventViewSet, InvitationViewSet
from .mentoring import MentoringPairViewSet, MonthlyCheckInViewSet
from .trainings import RegistrationViewSet, TutorTrainingViewSet


class FormationsGroup(ViewSetGroup):
    menu_label = "Formations et mentorat"
    menu_icon = "group"
    menu_order = 250
    items = (
        TutorTrainingViewSet,
        RegistrationViewSet,
        MentoringPairViewSet,
        MonthlyCheckInViewSet,
        EventViewSet,
        InvitationViewSet,
    )


@hooks.register("register_admin_viewset")
def register_viewsets():
    return FormationsGroup()


@hooks.register("register_admin_urls")
def register_urls():
    return [
        path(
            "formations/evenements/<int:pk>/inviter/",
            admin_views.EventInviteView.as_view(),
            name="formations_event_invite",
        ),
        path(
            "formations/professeurs-en-entreprise/",
            admin_views.TeacherImmersionsView.as_view(),
            name="formations_immersions",
        ),
        path(
            "formations/mentorat/depuis-une-offre/",
            admin_views.PairsFromOfferView.as_view(),
            name="formations_pairs_from_offer",
        ),
    ]


class AttendanceMenuItem(MenuItem):
    """For those who take attendance (who may change a session: the RBDE, the teachers, the
    academy). A direction finds the school's sessions in "Formations et mentorat" instead of an
    empty "Mes feuilles de présence"."""

    def is_shown(self, request):
        return request.user.has_perm("formations.change_tutortraining")


@hooks.register("register_admin_menu_item")
def register_attendance_menu_item():
    return AttendanceMenuItem(
        "Mes feuilles de présence",
        reverse("formations:staff_trainings"),
        icon_name="tasks",
        order=251,
    )


class ImmersionsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("formations.view_teacherimmersion")


@hooks.register("register_admin_menu_item")
def register_immersions_menu_item():
    return ImmersionsMenuItem(
        "Professeurs en entreprise",
        reverse("formations_immersions"),
        icon_name="user",
        order=252,
    )


@hooks.register("register_todo_lines")
def training_todo_lines(user, roles, today):
    return dashboard.todo_lines(user, roles, today)
