"""Wagtail admin views of partnerships, their roadmap and their journal.

They stay thin: writes go through partenariats.services, reads start from `for_user`
(the viewsets of wagtail_hooks.py wrap them in etablissements' scoped mixins).
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.template import TemplateDoesNotExist
from django.template.loader import select_template
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.text import slugify
from wagtail.admin.ui.tables import TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from common.identifiers import parse_id

from ..models import Partnership
from ..services import (
    PartnershipError,
    interaction_delete,
    interaction_log,
    interaction_update,
    partnership_create,
    partnership_update,
    roadmap_action_delete,
    roadmap_action_save,
)

OBJECT_REMINDERS_TEMPLATE = "rappels/includes/object_reminders.html"
TIMELINE_LENGTH = 30


def partnership_inspect_url(partnership_id: int) -> str:
    return reverse("partenariats_admin:inspect", args=[partnership_id])


# --- partnerships -----------------------------------------------------------------------------


def convention_download(request, pk):
    """The signed convention of a partnership of the user's schools, as a download (uploaded
    files are never served straight from the media folder)."""
    if not request.user.has_perm("partenariats.view_partnership"):
        raise PermissionDenied
    partnership = get_object_or_404(
        Partnership.objects.for_user(request.user).select_related("company", "school"), pk=pk
    )
    if not partnership.convention_file:
        raise Http404("Aucune convention n’est enregistrée pour ce partenariat.")
    try:
        handle = partnership.convention_file.open("rb")
    except FileNotFoundError as exc:
        raise Http404("Le fichier de la convention est introuvable.") from exc
    name = slugify(f"convention {partnership.company.name} {partnership.school.name}")
    response = FileResponse(
        handle, as_attachment=True, filename=f"{name}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


class PartnershipIndexView(generic.IndexView):
    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The company's name opens the partnership's page (history, roadmap, journal).
        column_class = self._get_title_column_class(column_class)
        return self._get_custom_column(
            field_name,
            column_class,
            get_url=lambda obj: self.get_inspect_url(obj) or self.get_edit_url(obj),
            **kwargs,
        )


class PartnershipCreateView(generic.CreateView):
    def save_instance(self):
        partnership = partnership_create(
            partnership=self.form.save(commit=False), by=self.request.user
        )
        log(instance=partnership, action="wagtail.create", user=self.request.user)
        return partnership

    def get_success_url(self):
        return partnership_inspect_url(self.object.pk)


class PartnershipEditView(generic.EditView):
    def save_instance(self):
        # The status and the teacher only change through their services, which log them.
        partnership = self.form.save(commit=False)
        partnership = partnership_update(
            partnership=partnership,
            status=partnership.status,
            teacher=partnership.teacher,
            by=self.request.user,
            comment=self.form.cleaned_data.get("status_comment", ""),
        )
        log(
            instance=partnership,
            action="wagtail.edit",
            user=self.request.user,
            content_changed=self.form.has_changed(),
        )
        return partnership

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PartnershipError as error:  # a concurrent change of status won the race
            form.add_error("status", str(error))
            self.produced_error_message = self.get_error_message()
            return self.form_invalid(form)

    def get_success_url(self):
        return partnership_inspect_url(self.object.pk)


class PartnershipInspectView(generic.InspectView):
    template_name = "partenariats/admin/partnership_inspect.html"

    def get_object(self, queryset=None):
        return (
            Partnership.objects.for_user(self.request.user)
            .with_related()
            .filter(pk=self.pk)
            .first()
        ) or self._not_found()

    def get_teacher_display_value(self):
        teacher = self.object.teacher
        return (teacher.get_full_name() or teacher.get_username()) if teacher else "—"

    def get_company_display_value(self):
        company = self.object.company
        return f"{company.name} — SIRET {company.siret_display}"

    def _not_found(self):
        raise Http404("Aucun partenariat de votre établissement ne correspond.")

    @cached_property
    def header_buttons(self):
        """The record's everyday actions in sight: edit (status, teacher, convention and its
        PDF are on that form) and log an interaction."""
        buttons = []
        edit_url = self.get_edit_url()
        if edit_url:
            buttons.append(
                HeaderButton("Modifier", url=edit_url, icon_name="edit", priority=10),
            )
            if not self.object.convention_file:
                buttons.append(
                    HeaderButton(
                        "Déposer la convention",
                        url=f"{edit_url}#panel-convention-section",
                        icon_name="doc-full",
                        priority=20,
                    )
                )
        if self.request.user.has_perm("partenariats.add_interaction"):
            buttons.append(
                HeaderButton(
                    "Noter une interaction",
                    url=reverse("partenariats_journal:add") + f"?partnership={self.object.pk}",
                    icon_name="comment",
                    priority=30,
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        edit_url = self.get_edit_url()
        return [b for b in super().header_more_buttons if b.url != edit_url]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        partnership = self.object
        user = self.request.user
        context.update(
            {
                "partnership": partnership,
                "company": partnership.company,
                "status_changes": partnership.status_changes.select_related("changed_by")[:50],
                "roadmap": partnership.roadmap.order_by("-school_year", "planned_on", "pk")[:50],
                "interactions": partnership.interactions.select_related("author")[:TIMELINE_LENGTH],
                "interaction_count": partnership.interactions.count(),
                "journal_url": reverse("partenariats_journal:index")
                + f"?partnership={partnership.pk}",
                "roadmap_url": reverse("partenariats_feuille_de_route:index")
                + f"?partnership={partnership.pk}",
                "add_interaction_url": reverse("partenariats_journal:add")
                + f"?partnership={partnership.pk}"
                if user.has_perm("partenariats.add_interaction")
                else "",
                "add_roadmap_url": reverse("partenariats_feuille_de_route:add")
                + f"?partnership={partnership.pk}"
                if user.has_perm("partenariats.add_roadmapaction")
                else "",
                "can_change_interaction": user.has_perm("partenariats.change_interaction"),
                "can_change_roadmap": user.has_perm("partenariats.change_roadmapaction"),
                "reminders_template": self.reminders_template,
            }
        )
        return context

    @cached_property
    def reminders_template(self):
        """The reminder engine's include, when that app provides it."""
        try:
            return select_template([OBJECT_REMINDERS_TEMPLATE]).template.name
        except TemplateDoesNotExist:
            return None


# --- roadmap and journal: edited from their partnership -------------------------------------


class FromPartnershipMixin:
    """Add views opened from a partnership's page (`?partnership=<id>`), and back to it."""

    missing_partnership_message = "Ouvrez d’abord la fiche du partenariat concerné."

    def dispatch(self, request, *args, **kwargs):
        if self.partnership is None:
            messages.warning(request, self.missing_partnership_message)
            return redirect("partenariats_admin:index")
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def partnership(self):
        raw = str(parse_id(self.request.GET.get("partnership")) or "")
        if not raw and self.kwargs.get("pk"):
            # A copy (« Copier ») keeps the partnership of the row it copies.
            copied = self.model.objects.for_user(self.request.user).filter(
                pk=str(self.kwargs["pk"])
            )
            raw = str(copied.values_list("partnership_id", flat=True).first() or "")
        if not raw:
            return None
        found = (
            Partnership.objects.for_user(self.request.user)
            .select_related("company", "school")
            .filter(pk=int(raw))
            .first()
        )
        if found is None:
            raise Http404("Aucun partenariat de votre établissement ne correspond.")
        return found

    def get_initial_form_instance(self):
        return self.model(partnership=self.partnership)

    def get_add_url(self):
        return super().get_add_url() + f"?partnership={self.partnership.pk}"

    def get_page_subtitle(self):
        return str(self.partnership.company.name)

    def get_success_url(self):
        return partnership_inspect_url(self.partnership.pk)


class BackToPartnershipMixin:
    def get_success_url(self):
        return partnership_inspect_url(self.object.partnership_id)


class ChildIndexView(generic.IndexView):
    """Lists of roadmap actions or journal entries; new ones are added from a partnership."""

    def get_add_url(self):
        return None


class InteractionCreateView(FromPartnershipMixin, generic.CreateView):
    def save_instance(self):
        data = self.form.cleaned_data
        interaction = interaction_log(
            partnership=self.partnership,
            kind=data["kind"],
            occurred_on=data["occurred_on"],
            author=self.request.user,
            note=data.get("note", ""),
        )
        log(instance=interaction, action="wagtail.create", user=self.request.user)
        return interaction


class InteractionEditView(BackToPartnershipMixin, generic.EditView):
    def save_instance(self):
        interaction = interaction_update(interaction=self.form.save(commit=False))
        log(instance=interaction, action="wagtail.edit", user=self.request.user)
        return interaction


class InteractionDeleteView(BackToPartnershipMixin, generic.DeleteView):
    def get_success_url(self):
        return partnership_inspect_url(self.object.partnership_id)

    def delete_action(self):
        log(instance=self.object, action="wagtail.delete", user=self.request.user)
        interaction_delete(interaction=self.object)


class RoadmapCreateView(FromPartnershipMixin, generic.CreateView):
    def save_instance(self):
        action = roadmap_action_save(action=self.form.save(commit=False))
        log(instance=action, action="wagtail.create", user=self.request.user)
        return action


class RoadmapEditView(BackToPartnershipMixin, generic.EditView):
    def save_instance(self):
        action = roadmap_action_save(action=self.form.save(commit=False))
        log(instance=action, action="wagtail.edit", user=self.request.user)
        return action


class RoadmapDeleteView(BackToPartnershipMixin, generic.DeleteView):
    def get_success_url(self):
        return partnership_inspect_url(self.object.partnership_id)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except PartnershipError as error:
            messages.error(self.request, str(error))
            return redirect(self.get_success_url())

    def delete_action(self):
        with transaction.atomic():  # a refused deletion leaves no line in the history
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            roadmap_action_delete(action=self.object)
