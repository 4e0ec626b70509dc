"""Admin screens of the mentoring pairs and their monthly check-ins."""

import django_filters
from wagtail.admin.panels import FieldPanel, FieldRowPanel, ObjectList
from wagtail.admin.ui.tables import Column

from common.admin_filters import LinkedFilterSet
from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions
from offres.mentoring import MENTORING_MIN_HOURS_PER_MONTH as MIN_HOURS

from .. import admin_views
from ..admin_forms import (
    MentoringPairAdminForm,
    MonthlyCheckInAdminForm,
)
from ..models import (
    MentoringPair,
    MonthlyCheckIn,
)
from .shared import person_name

# A pair ends (its end date, on its form); deleting it would erase the months counted in
# the indicators and the Pacte's bilan.
refuse_generic_actions(MentoringPair, "delete")
# A monthly check-in is corrected (its form), not deleted: the 2 h a month rule counts it.
refuse_generic_actions(MonthlyCheckIn, "delete")


# Mentoring ----------------------------------------------------------------------------------


class MentoringPairViewSet(ScopedModelViewSet):
    model = MentoringPair
    # No « Copier »: a pair is two people: a copy would duplicate their data.
    copy_view_enabled = False
    icon = "link"
    menu_label = "Binômes de mentorat"
    name = "formations_mentorat"
    url_prefix = "formations/mentorat"
    index_view_class = admin_views.PairIndexView
    add_view_class = admin_views.PairCreateView
    edit_view_class = admin_views.PairEditView
    list_select_related = ["school", "mentor__company", "teacher"]
    list_filter = ["mode", "framing_kind"]
    list_per_page = 50
    ordering = "-start_date"
    search_fields = ["student_first_name", "student_class", "mentor__last_name"]
    list_display = [
        "student_first_name",
        "student_class",
        Column("mentor", label="Mentor", accessor="mentor"),
        "start_date",
        "planned_end",
        Column("hours", label="Heures saisies", accessor="total_hours"),
        Column("under", label="Mois sous 2 h", accessor="months_under_minimum"),
        Column("teacher", label="Suivi par", accessor=lambda p: person_name(p.teacher)),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("school"),
            FieldPanel("offer"),
            FieldPanel("mentor"),
            FieldRowPanel([FieldPanel("student_first_name"), FieldPanel("student_class")]),
            FieldRowPanel([FieldPanel("framing_kind"), FieldPanel("framing_name")]),
            FieldPanel("mode"),
            FieldRowPanel([FieldPanel("start_date"), FieldPanel("planned_end")]),
            FieldPanel("ended_on"),
            FieldPanel("teacher"),
        ],
        base_form_class=MentoringPairAdminForm,
    )


class CheckInFilterSet(LinkedFilterSet):
    link_filters = {"pair": "pair"}  # noqa: RUF012
    below = django_filters.BooleanFilter(
        label="moins de 2 h", field_name="hours", method="filter_below"
    )

    class Meta:
        model = MonthlyCheckIn
        fields = []

    def filter_below(self, queryset, name, value):
        return queryset.below_minimum() if value else queryset.exclude(hours__lt=MIN_HOURS)


def below_flag(checkin):
    return "moins de 2 h" if checkin.below_two_hours else ""


class MonthlyCheckInViewSet(ScopedModelViewSet):
    model = MonthlyCheckIn
    # No « Copier »: one check-in per pair and month, a copy could only be refused.
    copy_view_enabled = False
    icon = "time"
    menu_label = "Points mensuels du mentorat"
    name = "formations_points"
    url_prefix = "formations/points-mensuels"
    index_view_class = admin_views.CheckInIndexView
    add_view_class = admin_views.CheckInCreateView
    edit_view_class = admin_views.CheckInEditView
    filterset_class = CheckInFilterSet
    list_select_related = ["pair__mentor", "entered_by"]
    list_per_page = 50
    ordering = "-month"
    list_display = [
        Column("pair", label="Binôme", accessor="pair"),
        "month",
        "hours",
        Column("below", label="Règle des 2 h", accessor=below_flag),
        "note",
    ]
    edit_handler = ObjectList(
        [FieldPanel("pair"), FieldPanel("month"), FieldPanel("hours"), FieldPanel("note")],
        base_form_class=MonthlyCheckInAdminForm,
    )
