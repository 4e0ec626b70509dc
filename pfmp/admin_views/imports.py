"""Importing a class list: upload → (which column is which, when the headers are not the
expected ones) → preview row by row (nothing written) → confirm (one transaction). The file's
table waits in the session during the mapping step, its rows during the preview."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import FormView

from common.wording import count_text
from entreprises.admin_views.scope import user_rbde_school
from entreprises.import_headers import column_letter
from etablissements.admin_views import PortalAdminTemplateMixin

from ..forms import ColumnMappingForm, PupilImportForm
from ..imports import (
    COLUMNS,
    CREATED,
    REJECTED,
    UNCHANGED,
    ImportFileError,
    best_guess,
    guess_mapping,
    import_table,
    missing_columns,
    table_rows,
)
from ..models import SchoolClass
from ..services import pupils_import, pupils_import_preview

SESSION_KEY = "pfmp_import"
TABLE_KEY = "pfmp_import_table"


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
        if "map" in request.POST:
            return self.map_columns(request)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        if self.school is None:
            form.add_error(None, "Vous n’êtes RBDE d’aucun lycée : impossible d’importer.")
            return self.form_invalid(form)
        upload = form.cleaned_data["file"]
        try:
            table = import_table(content=upload.read(), filename=upload.name)
        except ImportFileError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if not any(str(v).strip() for row in table["values"] for v in row):
            form.add_error("file", "Le fichier ne contient aucune ligne sous les titres.")
            return self.form_invalid(form)
        year = form.cleaned_data["school_year"]
        self.request.session.pop(SESSION_KEY, None)
        mapping = guess_mapping(table["headers"])
        if missing_columns(mapping):
            self.request.session[TABLE_KEY] = {
                "table": table,
                "filename": upload.name,
                "school_year": year,
            }
            class_names = SchoolClass.objects.filter(
                school=self.school, school_year=year
            ).values_list("name", flat=True)
            guess = best_guess(table, class_names)
            return self.show_mapping(ColumnMappingForm(table=table, guess=guess), upload.name)
        return self.show_preview(table, mapping, upload.name, year)

    def map_columns(self, request):
        """The mapping step posted: its errors on the same step (the choices kept), or the
        preview."""
        pending = request.session.get(TABLE_KEY)
        if not pending or self.school is None:
            messages.error(request, "Le fichier n’est plus en mémoire : déposez-le à nouveau.")
            return redirect("pfmp_admin:import")
        table = pending["table"]
        mapping_form = ColumnMappingForm(request.POST, table=table, guess=[])
        if not mapping_form.is_valid():
            return self.show_mapping(mapping_form, pending["filename"])
        return self.show_preview(
            table, mapping_form.mapping(), pending["filename"], pending["school_year"]
        )

    def show_mapping(self, mapping_form, filename):
        return self.render_to_response(
            self.get_context_data(mapping_form=mapping_form, filename=filename)
        )

    def show_preview(self, table, mapping, filename, year):
        rows = table_rows(table, mapping)
        if not rows:
            messages.error(self.request, "Le fichier ne contient aucune ligne sous les titres.")
            return redirect("pfmp_admin:import")
        results = pupils_import_preview(rows=rows, school=self.school, school_year=year)
        self.request.session.pop(TABLE_KEY, None)
        self.request.session[SESSION_KEY] = {
            "rows": rows,
            "filename": filename,
            "school_year": year,
        }
        counts = {
            "created": sum(r.action == CREATED for r in results),
            "unchanged": sum(r.action == UNCHANGED for r in results),
            "rejected": sum(r.action == REJECTED for r in results),
        }
        columns = [
            (COLUMNS[key], column_letter(index), table["headers"][index])
            for index, key in enumerate(mapping)
            if key
        ]
        return self.render_to_response(
            self.get_context_data(
                results=results, counts=counts, filename=filename, year=year, columns=columns
            )
        )

    def confirm(self, request):
        pending = request.session.pop(SESSION_KEY, None)
        request.session.pop(TABLE_KEY, None)
        if "cancel" in request.POST or not pending or self.school is None:
            messages.info(request, "Import abandonné : rien n’a été enregistré.")
            return redirect("pfmp_admin:import")
        counts = pupils_import(
            rows=pending["rows"], school=self.school, school_year=pending["school_year"]
        )
        rejected = len(counts["rejected"])
        messages.success(
            request,
            f"Import de « {pending['filename']} » : "
            f"{count_text(counts['created'], 'élève ajouté', 'élèves ajoutés')}, "
            f"{count_text(counts['unchanged'], 'déjà inscrit', 'déjà inscrits')}, "
            f"{count_text(rejected, 'ligne rejetée', 'lignes rejetées')}.",
        )
        return redirect("pfmp_admin:board")
