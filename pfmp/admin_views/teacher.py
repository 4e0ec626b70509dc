"""The professeur référent on their phone: their pupils in PFMP now or soon, and a visit or a
call logged in two taps (an entry of the partnership's journal)."""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import OuterRef, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.views.generic import TemplateView, View

from common.wording import de
from etablissements.admin_views import PortalAdminTemplateMixin
from partenariats.models import Interaction, InteractionKind

from ..choices import PLACED
from ..models import Placement
from ..services import PfmpError, placement_log_visit

RECENT_DAYS = 14  # a period ended this recently is still shown (a late visit, a call)
PER_PAGE = 20  # cards on a phone: a page stays short to scroll


class VisitForm(forms.Form):
    kind = forms.ChoiceField(
        label="Visite ou appel",
        help_text="Une visite chez l’entreprise, ou un appel au tuteur ou à l’élève.",
        choices=[(InteractionKind.VISIT, "visite"), (InteractionKind.CALL, "appel")],
        widget=forms.RadioSelect,
        initial=InteractionKind.VISIT,
    )
    occurred_on = forms.DateField(
        label="Date",
        # ISO, the one format a date input reads: today is filled in, one tap less on a phone.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        initial=timezone.localdate,
    )
    note = forms.CharField(
        label="Objet de la visite ou de l’appel",
        help_text="Facultatif : ce qui a été vu ou dit, noté dans le journal du partenariat.",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def followed(user):
    """The teacher's pupils in PFMP now or lately, each with the teacher's last visit or call at
    its company (the journal names no pupil: the last follow-up there, whoever it was for)."""
    since = timezone.localdate() - datetime.timedelta(days=RECENT_DAYS)
    last = Interaction.objects.filter(
        partnership__school=OuterRef("period__school_class__school"),
        partnership__company=OuterRef("company"),
        author=user,
        pfmp_followup=True,
    ).order_by("-occurred_on", "-pk")
    return (
        Placement.objects.filter(referent_teacher=user, status__in=PLACED, period__end__gte=since)
        .select_related("pupil", "company", "tutor", "period__school_class", "appraisal__tutor")
        .annotate(
            last_followup_on=Subquery(last.values("occurred_on")[:1]),
            last_followup_kind=Subquery(last.values("kind")[:1]),
        )
        .order_by("period__start", "pupil__last_name", "pk")
    )


class MyPupilsView(PortalAdminTemplateMixin, TemplateView):
    template_name = "pfmp/admin/my_pupils.html"
    page_title = "Mes élèves en PFMP"
    header_icon = "user"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(followed(self.request.user), PER_PAGE).get_page(self.request.GET.get("p"))
        context["page_obj"] = page
        context["rows"] = [(p, VisitForm(prefix=str(p.pk))) for p in page.object_list]
        return context


def _back_to_list(request):
    """The teacher's list, at the page the card was on."""
    response = redirect("pfmp_admin:my_pupils")
    page = request.GET.get("p", "")
    if page.isdigit() and page != "1":
        response["Location"] += f"?p={page}"
    return response


class VisitLogView(View):
    http_method_names = ["post"]

    def post(self, request, pk):
        placement = get_object_or_404(followed(request.user), pk=pk)
        if placement.referent_teacher_id != request.user.pk:
            raise PermissionDenied
        form = VisitForm(request.POST, prefix=str(pk))
        if not form.is_valid():
            messages.error(request, "Donnez la date et le type (visite ou appel).")
            return _back_to_list(request)
        try:
            placement_log_visit(placement=placement, teacher=request.user, **form.cleaned_data)
            messages.success(request, f"Noté dans le journal {de(placement.company.name)}.")
        except PfmpError as error:
            messages.error(request, str(error))
        return _back_to_list(request)
