"""Importing companies from a spreadsheet, and its template (the steps before the
confirmation are in entreprises.import_steps). Here, in partenariats, because the import gives
each company a prospect partnership with the RBDE's school (services.companies_import)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.generic import FormView

from entreprises import imports
from entreprises.admin_views.scope import COMPANY_NS, user_rbde_school
from entreprises.forms import ImportUploadForm
from entreprises.import_steps import ImportStepsMixin
from entreprises.wording import import_summary
from etablissements.admin_views import PortalAdminTemplateMixin

from ..services import companies_import


class CompanyImportView(ImportStepsMixin, PortalAdminTemplateMixin, FormView):
    """Upload → columns mapped if need be → preview row by row (nothing written) → confirm
    (one transaction)."""

    template_name = "entreprises/admin/company_import.html"
    form_class = ImportUploadForm
    page_title = "Importer un tableau d’entreprises"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("entreprises.add_company"):
            raise PermissionDenied
        self.school = user_rbde_school(request.user)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["school"] = self.school
        context["columns"] = list(imports.COLUMNS.values())
        context["template_csv"] = reverse(f"{COMPANY_NS}:import_template", args=["csv"])
        context["template_xlsx"] = reverse(f"{COMPANY_NS}:import_template", args=["xlsx"])
        return context

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST or "cancel" in request.POST:
            return self.confirm(request)
        if "map" in request.POST:
            return self.import_map(request)
        return super().post(request, *args, **kwargs)

    def confirm(self, request):
        pending = self.import_forget(request)
        if "cancel" in request.POST or not pending:
            messages.info(request, "Import abandonné : rien n’a été enregistré.")
            return redirect(reverse(f"{COMPANY_NS}:import"))
        if self.school is None:
            messages.error(request, "Vous n’êtes RBDE d’aucun lycée : impossible d’importer.")
            return redirect(reverse(f"{COMPANY_NS}:import"))
        counts = companies_import(rows=pending["rows"], school=self.school, by=request.user)
        messages.success(
            request,
            f"Import de « {pending['filename']} » : "
            + import_summary(
                counts,
                created=imports.CREATED,
                updated=imports.UPDATED,
                rejected=imports.REJECTED,
            )
            + "."
            + imports.skipped_contacts_sentence(counts["contacts_skipped"]),
        )
        return redirect(reverse(f"{COMPANY_NS}:index"))


def import_template_view(request, file_format):
    if not request.user.has_perm("entreprises.add_company"):
        raise PermissionDenied
    if file_format not in ("csv", "xlsx"):
        raise Http404
    content = imports.import_template(file_format)
    content_type = (
        "text/csv; charset=utf-8"
        if file_format == "csv"
        else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    if file_format == "csv":
        content = "\ufeff" + content  # Excel reads UTF-8 with its BOM
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = (
        f'attachment; filename="modele-import-entreprises.{file_format}"'
    )
    return response
