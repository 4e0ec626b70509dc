"""Wagtail admin views of the formations app: thin, writes through formations.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from etablissements.admin_views import PortalAdminTemplateMixin
from etablissements.models import School
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role
from etablissements.selectors import teachers_of
from offres.models import Submission
from partenariats.models import Partnership

from . import services
from .admin_forms import PairsFromOfferForm, TeacherImmersionForm
from .filters import InviteeFilterSet
from .models import Event, MentoringPair

INVITE_PAGE_SIZE = 50
# The fields of a mentoring pair its staff screen may give `mentoring_pair_create`.
PAIR_FIELDS = {f.name for f in MentoringPair._meta.concrete_fields} - {"id", "created_at"}


class LinkColumn(Column):
    """A cell holding one link; the accessor returns the URL."""

    cell_template_name = "formations/admin/link_cell.html"

    def __init__(self, *args, link_text: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.link_text = link_text

    def get_cell_context_data(self, instance, parent_context):
        context = super().get_cell_context_data(instance, parent_context)
        context["link_text"] = self.link_text
        return context


class TrainingIndexView(generic.IndexView):
    def get_queryset(self):
        return super().get_queryset().with_counts().with_feedback_summary()


class ServiceErrorsMixin:
    """A create or edit screen whose `save_instance` calls a service: the service's refusal
    (FormationError) is shown on its field, and nothing is saved."""

    log_action = "wagtail.edit"

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except services.FormationError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def logged(self, instance):
        log(instance=instance, action=self.log_action, user=self.request.user, content_changed=True)
        return instance


def _m2m(form, name):
    return form.cleaned_data[name] if name in form.cleaned_data else None


class TrainingSaveMixin(ServiceErrorsMixin):
    def save_instance(self):
        # Saved and its places given out under one lock: more places go to the waiting list first.
        training = self.form.save(commit=False)
        services.training_save(
            training=training,
            leaders=_m2m(self.form, "leaders"),
            diplomas=_m2m(self.form, "diplomas"),
        )
        return self.logged(training)


class TrainingCreateView(TrainingSaveMixin, generic.CreateView):
    log_action = "wagtail.create"


class TrainingEditView(TrainingSaveMixin, generic.EditView):
    pass


class PairIndexView(generic.IndexView):
    def get_queryset(self):
        return super().get_queryset().with_checkin_summary()

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm("formations.add_mentoringpair"):
            buttons.append(
                HeaderButton(
                    "Depuis une offre acceptée",
                    url=reverse("formations_pairs_from_offer"),
                    icon_name="link",
                )
            )
        return buttons


class CheckInIndexView(generic.IndexView):
    def get_queryset(self):
        return super().get_queryset().with_minimum_flag()


class PairCreateView(ServiceErrorsMixin, generic.CreateView):
    log_action = "wagtail.create"

    def save_instance(self):
        fields = {
            name: value for name, value in self.form.cleaned_data.items() if name in PAIR_FIELDS
        }
        return self.logged(services.mentoring_pair_create(by=self.request.user, **fields))


class PairEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        pair = self.form.save(commit=False)
        return self.logged(services.mentoring_pair_update(pair=pair, by=self.request.user))


class CheckInCreateView(ServiceErrorsMixin, generic.CreateView):
    """Through `checkin_record`: the month's rules, and the mentor's RGPD clock restarts."""

    log_action = "wagtail.create"

    def save_instance(self):
        data = self.form.cleaned_data
        checkin = services.checkin_record(
            pair=data["pair"],
            month=data["month"],
            hours=data["hours"],
            note=data.get("note", ""),
            by=self.request.user,
        )
        return self.logged(checkin)


class CheckInEditView(ServiceErrorsMixin, generic.EditView):
    def save_instance(self):
        checkin = self.form.save(commit=False)
        return self.logged(services.checkin_correct(checkin=checkin, by=self.request.user))


class EventIndexView(generic.IndexView):
    def get_queryset(self):
        return super().get_queryset().with_invitation_counts()


class EventSaveMixin(ServiceErrorsMixin):
    def save_instance(self):
        # Its organisers checked (teachers of its school) and set by `event_save`.
        event = self.form.save(commit=False)
        services.event_save(
            event=event, organisers=_m2m(self.form, "organisers"), by=self.request.user
        )
        return self.logged(event)


class EventCreateView(EventSaveMixin, generic.CreateView):
    log_action = "wagtail.create"


class EventEditView(EventSaveMixin, generic.EditView):
    pass


class InvitationEditView(ServiceErrorsMixin, generic.EditView):
    """Who came: through `invitation_set_attended` (that column only; the contact's activity)."""

    def save_instance(self):
        invitation = self.form.save(commit=False)
        services.invitation_set_attended(invitation=invitation, attended=invitation.attended)
        return self.logged(invitation)


class RegistrationEditView(ServiceErrorsMixin, generic.EditView):
    """The student's diploma: through `registration_set_diploma` (that column only)."""

    def save_instance(self):
        registration = self.form.save(commit=False)
        services.registration_set_diploma(
            registration=registration,
            student_diploma=registration.student_diploma,
            by=self.request.user,
        )
        return self.logged(registration)


class EventInviteView(PortalAdminTemplateMixin, TemplateView):
    """Choose invitees among the school's partners (status, sector, label), then invite them."""

    template_name = "formations/admin/invite.html"
    page_title = "Inviter des partenaires"
    header_icon = "mail"

    def dispatch(self, request, pk):
        if not request.user.has_perm("formations.change_event"):
            raise PermissionDenied
        self.event = get_object_or_404(
            Event.objects.for_user(request.user).select_related("school"), pk=pk
        )
        partnerships = (
            Partnership.objects.for_user(request.user)
            .filter(school=self.event.school)
            .select_related("company")
            .order_by("company__name", "pk")
        )
        self.filterset = InviteeFilterSet(request.GET or None, queryset=partnerships)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.event.title

    def post(self, request, pk):
        result = services.event_invite_partners(event=self.event, partnerships=self.filterset.qs)
        text = f"Invitations envoyées : {result['invited']}."
        if result["already"]:
            text += f" Déjà invités : {result['already']}."
        if result["without_contact"]:
            text += " Sans contact avec courriel : " + ", ".join(result["without_contact"]) + "."
        messages.success(request, text)
        url = reverse("formations_invitations:index")
        return redirect(f"{url}?event={self.event.pk}")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = Paginator(self.filterset.qs, INVITE_PAGE_SIZE).get_page(self.request.GET.get("p"))
        query = self.request.GET.copy()
        query.pop("p", None)
        context.update(
            event=self.event,
            filter=self.filterset,
            page_obj=page,
            query=query.urlencode(),
        )
        return context


class PairsFromOfferView(PortalAdminTemplateMixin, TemplateView):
    """An accepted mentoring offer (offres, read only) becomes mentoring pairs."""

    template_name = "formations/admin/pairs_from_offer.html"
    page_title = "Binômes depuis une offre de mentorat"
    header_icon = "link"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("formations.add_mentoringpair"):
            raise PermissionDenied
        self.form = PairsFromOfferForm(request.POST or None, user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def post(self, request):
        if self.form.is_valid():
            data = self.form.cleaned_data
            try:
                pairs = services.mentoring_pairs_from_offer(
                    answer=data["answer"],
                    students=data["students"],
                    start_date=data["start_date"],
                    teacher=data["teacher"],
                    by=request.user,
                )
            except services.FormationError as error:
                field = error.field if error.field in self.form.fields else None
                self.form.add_error(field, error.message)
            else:
                messages.success(request, f"Binômes créés : {len(pairs)}.")
                return redirect("formations_mentorat:index")
        return self.get(request)

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class TeacherImmersionsView(PortalAdminTemplateMixin, TemplateView):
    """Teachers' training in a company: each teacher's last one, who is due (every three years),
    the companies' offers to suggest to them, and a form to note one (direction, RBDE)."""

    template_name = "formations/admin/immersions.html"
    page_title = "Formation des professeurs en entreprise"
    header_icon = "user"

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        schools = School.objects.order_by("name")
        if not is_academy_admin(user):
            schools = School.objects.for_user(user, roles=[Role.DIRECTION, Role.RBDE])
        self.schools = list(schools.order_by("name"))
        # A teacher sees their own line and the offers suggested to them, nothing to note.
        self.own_only = not self.schools
        if self.own_only:
            self.schools = list(School.objects.for_user(user, roles=[Role.TEACHER]))
        wanted = request.GET.get("etablissement")
        self.school = next((s for s in self.schools if not wanted or str(s.pk) == wanted), None)
        if self.school is None:
            raise PermissionDenied
        self.state = services.immersions_of_school(self.school)
        if self.own_only:
            self.state.rows = [row for row in self.state.rows if row.teacher.pk == user.pk]
        return super().dispatch(request, *args, **kwargs)

    def _form(self, data=None):
        return TeacherImmersionForm(
            data,
            teachers=teachers_of(self.school),
            offers=Submission.objects.filter(pk__in=[o.pk for o in self.state.offers]),
        )

    def get_context_data(self, form=None, **kwargs):
        return super().get_context_data(
            school=self.school,
            schools=self.schools,
            state=self.state,
            own_only=self.own_only,
            form=None if self.own_only else form or self._form(),
            **kwargs,
        )

    def post(self, request):
        if self.own_only:
            raise PermissionDenied
        form = self._form(request.POST)
        if form.is_valid():
            try:
                services.teacher_immersion_record(
                    school=self.school, by=request.user, **form.cleaned_data
                )
            except services.FormationError as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, "Formation en entreprise notée.")
                return redirect(
                    reverse("formations_immersions") + f"?etablissement={self.school.pk}"
                )
        return self.render_to_response(self.get_context_data(form=form))
