"""The staff's company screens: list, create, inspect, attach, merge.

Each shows or writes what of the company belongs to the user's schools (its partnerships,
roadmap and journal; a prospect partnership on creation and attachment; partnerships moved by a
merge): that is why they live in partenariats, above entreprises."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import FormView, TemplateView
from wagtail.admin.views import generic
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.widgets.button import HeaderButton
from wagtail.log_actions import log

from common.identifiers import is_ascii_digits
from entreprises.admin_views.scope import (
    COMPANY_NS,
    CONTACT_NS,
    company_in_scope,
    user_rbde_school,
)
from entreprises.forms import MergeForm
from entreprises.models import Company, Contact
from entreprises.services import (
    CompanyError,
    company_by_siret,
    company_possible_duplicates,
    company_sites,
)
from entreprises.validators import normalize_siret
from entreprises.wording import moved_lines

from ..models import Interaction, Partnership, RoadmapAction
from ..services import (
    company_create_for_school,
    company_merge,
    company_merge_preview,
    company_other_schools,
    company_record_editable,
    company_record_update,
    partnership_get_or_create,
)
from ..services.companies import SHARED_RECORD

# ---------------------------------------------------------------------------- companies


class CompanyIndexView(generic.IndexView):
    """Import and export are everyday actions of the list: a line above the rows, in sight at
    every width (the header has room for the title and « Ajouter » only), refreshed with them
    so that the export follows the filters."""

    results_template_name = "partenariats/admin/company_listing_results.html"

    @cached_property
    def header_more_buttons(self):
        everything = super().header_more_buttons
        self._export_buttons = [b for b in everything if "export=" in (b.url or "")]
        return [b for b in everything if b not in self._export_buttons]

    def everyday_actions(self) -> list[tuple[str, str, str]]:
        """(label, url, icon) of import and the exports of what the list shows."""
        self.header_more_buttons  # noqa: B018 (sorts Wagtail's menu: exports come out of it)
        actions = []
        if self.request.user.has_perm("entreprises.add_company"):
            actions.append(
                ("Importer un tableau (CSV, Excel)", reverse(f"{COMPANY_NS}:import"), "upload")
            )
        for export in self._export_buttons:
            fmt = "Excel" if "xlsx" in export.url else "CSV"
            actions.append((f"Exporter la liste ({fmt})", export.url, "download"))
        return actions

    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).filter(merged_into__isnull=True)

    def search_queryset(self, queryset):
        digits = normalize_siret(self.search_query)
        if self.is_searching and is_ascii_digits(digits) and len(digits) >= 9:
            return queryset.filter(siret__startswith=digits)
        return super().search_queryset(queryset)


class CompanyCreateView(generic.CreateView):
    """A SIRET already in the portal opens that record instead of creating a second one."""

    def post(self, request, *args, **kwargs):
        siret = normalize_siret(request.POST.get("siret", ""))
        existing = company_by_siret(siret) if len(siret) == 14 and is_ascii_digits(siret) else None
        if existing is not None:
            if Company.objects.for_user(request.user).filter(pk=existing.pk).exists():
                messages.info(
                    request,
                    f"L’entreprise « {existing.name} » (SIRET {existing.siret_display}) existe "
                    "déjà : voici sa fiche. Aucune nouvelle fiche n’a été créée.",
                )
                return redirect(reverse(f"{COMPANY_NS}:inspect", args=[existing.pk]))
            messages.info(
                request,
                f"L’entreprise « {existing.name} » (SIRET {existing.siret_display}) existe déjà "
                "dans le portail, mais ne travaille pas encore avec votre lycée. Aucune "
                "nouvelle fiche n’a été créée.",
            )
            return redirect(reverse(f"{COMPANY_NS}:attach", args=[existing.pk]))
        return super().post(request, *args, **kwargs)

    def save_instance(self):
        # The company and its school's prospect partnership, in one service.
        company = company_create_for_school(
            company=self.form.save(commit=False),
            school=user_rbde_school(self.request.user),
            by=self.request.user,
        )
        log(instance=company, action="wagtail.create", user=self.request.user)
        return company

    def get_success_url(self):
        return reverse(f"{COMPANY_NS}:inspect", args=[self.object.pk])


class CompanyEditView(generic.EditView):
    """Writes through `company_record_update`: a record shared with other schools is changed
    by the academy administrator only; each school changes its own partnership."""

    def dispatch(self, request, *args, **kwargs):
        company = get_object_or_404(Company.objects.for_user(request.user), pk=kwargs.get("pk"))
        if not company_record_editable(company=company, user=request.user):
            others = ", ".join(company_other_schools(company=company, user=request.user))
            messages.error(request, SHARED_RECORD.format(others=others))
            return redirect(reverse(f"{COMPANY_NS}:inspect", args=[company.pk]))
        return super().dispatch(request, *args, **kwargs)

    def save_instance(self):
        company = company_record_update(company=self.form.save(commit=False), by=self.request.user)
        log(instance=company, action="wagtail.edit", user=self.request.user)
        return company

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except CompanyError as error:
            form.add_error("siret" if error.code == "siret_taken" else None, error.messages[0])
            return self.form_invalid(form)


class CompanyInspectView(generic.InspectView):
    """One page: the company, and what of it belongs to the user's schools."""

    template_name = "entreprises/admin/company_inspect.html"

    @cached_property
    def partnerships(self):
        return list(
            Partnership.objects.for_user(self.request.user)
            .filter(company=self.object)
            .select_related("school", "teacher")
        )

    def get_edit_url(self):
        # No « Modifier la fiche » on a record shared with other schools (academy admin aside).
        if not company_record_editable(company=self.object, user=self.request.user):
            return None
        return super().get_edit_url()

    @cached_property
    def header_buttons(self):
        """The record's actions, in sight: edit, log an interaction, merge."""
        user, buttons = self.request.user, []
        edit_url = self.get_edit_url()
        if edit_url:
            buttons.append(
                HeaderButton("Modifier la fiche", url=edit_url, icon_name="edit", priority=10)
            )
        if self.partnerships and user.has_perm("partenariats.add_interaction"):
            buttons.append(
                HeaderButton(
                    "Noter une interaction",
                    url=reverse("partenariats_journal:add")
                    + f"?partnership={self.partnerships[0].pk}",
                    icon_name="comment",
                    priority=20,
                )
            )
        if user.has_perm("entreprises.merge_company"):
            buttons.append(
                HeaderButton(
                    "Fusionner avec une autre fiche",
                    url=reverse(f"{COMPANY_NS}:merge", args=[self.object.pk]),
                    icon_name="resubmit",
                    priority=30,
                )
            )
        return buttons

    @cached_property
    def header_more_buttons(self):
        # Edit is in sight already; the menu keeps what is left (delete).
        edit_url = self.get_edit_url()
        return [b for b in super().header_more_buttons if b.url != edit_url]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user, company = self.request.user, self.object
        context["contacts"] = list(
            Contact.objects.for_user(user)
            .not_anonymised()
            .filter(company=company)
            .prefetch_related("schools")
        )
        context["partnerships"] = self.partnerships
        context["roadmap"] = list(
            RoadmapAction.objects.for_user(user)
            .filter(partnership__company=company)
            .select_related("partnership__school")
            .order_by("-school_year", "planned_on", "pk")[:100]
        )
        context["interactions"] = list(
            Interaction.objects.for_user(user)
            .filter(partnership__company=company)
            .select_related("author", "partnership__school")[:100]
        )
        context["sites"] = list(company_sites(company)[:50])
        context["duplicates"] = list(
            company_possible_duplicates(company.name, company.postcode, exclude=company)[:10]
        )
        context["merged_records"] = list(company.merged_records.all()[:50])
        context["contacts_url"] = reverse(f"{CONTACT_NS}:index")
        return context


class CompanyAttachView(WagtailAdminTemplateMixin, TemplateView):
    """A company known to the portal but not to the user's school: offer the partnership.

    Only the company's identity (public data) shows; nothing of other schools.
    """

    template_name = "entreprises/admin/company_attach.html"
    page_title = "Entreprise déjà enregistrée"
    header_icon = "site"

    def dispatch(self, request, pk):
        if not request.user.has_perm("entreprises.add_company"):
            raise PermissionDenied
        self.company = get_object_or_404(Company.objects.active(), pk=pk)
        self.school = user_rbde_school(request.user)
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.company.name

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(company=self.company, school=self.school)
        return context

    def post(self, request, pk):
        if self.school is None:
            messages.error(request, "Vous n’êtes RBDE d’aucun lycée : impossible de rattacher.")
            return redirect(reverse(f"{COMPANY_NS}:index"))
        partnership_get_or_create(school=self.school, company=self.company, by=request.user)
        messages.success(
            request,
            f"Partenariat créé (prospect) entre {self.school.name} et {self.company.name}.",
        )
        return redirect(reverse(f"{COMPANY_NS}:inspect", args=[self.company.pk]))


class CompanyMergeView(WagtailAdminTemplateMixin, FormView):
    """Choose the other record and the one to keep, preview what moves, confirm."""

    template_name = "entreprises/admin/company_merge.html"
    form_class = MergeForm
    page_title = "Fusionner deux fiches"
    header_icon = "resubmit"

    def dispatch(self, request, pk):
        if not request.user.has_perm("entreprises.merge_company"):
            raise PermissionDenied
        self.company = company_in_scope(request.user, pk)
        if self.company.merged_into_id:
            raise Http404("Cette fiche a déjà été fusionnée.")
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return self.company.name

    def suggestions(self) -> list[Company]:
        """Records probably of the same company (same name and postcode, or same SIREN), each
        once, visible to the user."""
        if not hasattr(self, "_suggestions"):
            visible = Company.objects.for_user(self.request.user).values("pk")
            found = [
                *company_possible_duplicates(
                    self.company.name, self.company.postcode, exclude=self.company
                ).filter(pk__in=visible)[:10],
                *company_sites(self.company).filter(pk__in=visible)[:10],
            ]
            self._suggestions = list({c.pk: c for c in found}.values())
        return self._suggestions

    def get_initial(self):
        """The record chosen from the suggestions (`?autre=`), else the first one."""
        suggestions = {str(c.pk): c for c in self.suggestions()}
        chosen = suggestions.get(self.request.GET.get("autre", "")) or next(
            iter(suggestions.values()), None
        )
        return {**super().get_initial(), **({"other": chosen.pk} if chosen else {})}

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.update(company=self.company, queryset=Company.objects.for_user(self.request.user))
        return kwargs

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["company"] = self.company
        context["suggestions"] = self.suggestions()
        return context

    def form_valid(self, form):
        kept, removed = form.kept_and_removed()
        try:
            if "confirm" not in self.request.POST:
                preview = moved_lines(
                    company_merge_preview(kept=kept, removed=removed, by=self.request.user)
                )
                return self.render_to_response(
                    self.get_context_data(form=form, preview=preview, kept=kept, removed=removed)
                )
            merge = company_merge(kept=kept, removed=removed, by=self.request.user)
        except CompanyError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        moved = ", ".join(moved_lines(merge.moved)) or "rien à déplacer"
        messages.success(
            self.request,
            f"Fiches fusionnées : « {merge.removed_name} » (SIRET {merge.removed_siret}) est "
            f"réunie dans « {kept.name} » ({moved}).",
        )
        return redirect(reverse(f"{COMPANY_NS}:inspect", args=[kept.pk]))
