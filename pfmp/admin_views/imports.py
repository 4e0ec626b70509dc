"""Importing a class list: upload → preview row by row (nothing written) → confirm (one
transaction). The rows wait in the session between the preview and the confirmation."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from entreprises.admin_views.scope import user_rbde_school
from etablissements.admin_views import PortalAdminTemplateMixin

from ..forms import PupilImportForm
from ..imports import CREATED, REJECTED, UNCHANGED, ImportFileError, read_pupils
from ..models import SchoolClass
from ..services import pupils_import, pupils_import_preview

SESSION_KEY = "pfmp_import"


class PupilImportView(PortalAdminTemplateMixin, FormView):
    template_name = "pfmp/admin/import.html"
    form_class = PupilImportForm
    page_title = "Importer une liste de classe"
    header_icon = "upload"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("pfmp.add_pupil"):
            raise PermissionDenied
        self.school = user_rbde_school(request.user)
        return super().dispatch(request, *args, **kwargs)

    def years(self) -> list[str]:
        if self.school is None:
            return []
        return list(
            SchoolClass.objects.filter(school=self.school)
            .order_by("-school_year")
            .values_list("school_year", flat=True)
            .distinct()
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "years": self.years()}

    def get_context_data(self, **kwargs):
        return super().get_context_data(school=self.school, **kwargs)

    def post(self, request, *args, **kwargs):
        if "confirm" in request.POST or "cancel" in request.POST:
            return self.confirm(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if self.school is None:
            form.add_error(None, "Vous n’êtes RBDE d’aucun lycée : impossible d’importer.")
            return self.form_invalid(form)
        upload = form.cleaned_data["file"]
        try:
            rows = read_pupils(content=upload.read(), filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if not rows:
            form.add_error("file", "Le fichier ne contient aucune ligne sous les titres.")
            return self.form_invalid(form)
        year = form.cleaned_data["school_year"]
        results = pupils_import_preview(rows=rows, school=self.school, school_year=year)
        self.request.session[SESSION_KEY] = {
            "rows": rows,
            "filename": upload.name,
            "school_year": year,
        }
        counts = {
            "created": sum(r.action == CREATED for r in results),
            "unchanged": sum(r.action == UNCHANGED for r in results),
            "rejected": sum(r.action == REJECTED for r in results),
        }
        return self.render_to_response(
            self.get_context_data(
                form=form, results=results, counts=counts, filename=upload.name, year=year
            )
        )

    def confirm(self, request):
        pending = request.session.pop(SESSION_KEY, None)
        if "cancel" in request.POST or not pending or self.school is None:
            messages.info(request, "Import abandonné : rien n’a été enregistré.")
            return redirect("pfmp_admin:import")
        counts = pupils_import(
            rows=pending["rows"], school=self.school, school_year=pending["school_year"]
        )
        rejected = len(counts["rejected"])
        messages.success(
            request,
            f"Import de « {pending['filename']} » : {counts['created']} élève(s) ajouté(s), "
            f"{counts['unchanged']} déjà inscrit(s), {rejected} ligne(s) rejetée(s).",
        )
        return redirect("pfmp_admin:board")
