"""The steps of the import screen before the confirmation: upload → (mapping) → preview.

The file's table waits in the session during the mapping step, its rows during the preview
(IMPORT_SESSION_KEY): nothing is written before the RBDE confirms.
"""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from . import imports
from .import_headers import guess_mapping, mapping_is_complete
from .import_mapping import ImportMappingForm

IMPORT_SESSION_KEY = "entreprises_import"
IMPORT_TABLE_KEY = "entreprises_import_table"


class ImportStepsMixin:
    """For CompanyImportView (a FormView on ImportUploadForm): the upload's next steps."""

    import_url_name = "entreprises_admin:import"

    def form_valid(self, form):
        upload = form.cleaned_data["file"]
        try:
            table = imports.import_table(content=upload.read(), filename=upload.name)
        except imports.ImportFileError as error:
            form.add_error("file", error)
            return self.form_invalid(form)
        if not any(str(v).strip() for row in table["values"] for v in row):
            form.add_error("file", "Le fichier ne contient aucune ligne sous les titres.")
            return self.form_invalid(form)
        used = imports.table_columns_used(table)
        mapping = guess_mapping(table["headers"])
        self.request.session.pop(IMPORT_SESSION_KEY, None)
        if not mapping_is_complete(table["headers"], mapping, used):
            self.request.session[IMPORT_TABLE_KEY] = {"table": table, "filename": upload.name}
            return self.show_mapping(ImportMappingForm(table=table, used=used), upload.name)
        return self.show_preview(imports.import_rows(table, mapping), upload.name, form=form)

    def import_map(self, request):
        """The mapping step posted: its errors on the same step (choices kept), or the preview."""
        pending = request.session.get(IMPORT_TABLE_KEY)
        if not pending:
            messages.error(request, "Le fichier n’est plus en mémoire : déposez-le à nouveau.")
            return redirect(reverse(self.import_url_name))
        table = pending["table"]
        mapping_form = ImportMappingForm(
            request.POST, table=table, used=imports.table_columns_used(table)
        )
        if not mapping_form.is_valid():
            return self.show_mapping(mapping_form, pending["filename"])
        rows = imports.import_rows(table, mapping_form.mapping())
        return self.show_preview(rows, pending["filename"])

    def import_forget(self, request):
        request.session.pop(IMPORT_TABLE_KEY, None)
        return request.session.pop(IMPORT_SESSION_KEY, None)

    def show_mapping(self, mapping_form, filename):
        return self.render_to_response(
            self.get_context_data(mapping_form=mapping_form, filename=filename)
        )

    def show_preview(self, rows, filename, form=None):
        if not rows:
            messages.error(self.request, "Le fichier ne contient aucune ligne sous les titres.")
            return redirect(reverse(self.import_url_name))
        results = imports.import_preview(rows)
        self.request.session.pop(IMPORT_TABLE_KEY, None)
        self.request.session[IMPORT_SESSION_KEY] = {"rows": rows, "filename": filename}
        counts = {
            key: sum(1 for r in results if r.action == action)
            for key, action in (
                ("created", imports.CREATED),
                ("updated", imports.UPDATED),
                ("rejected", imports.REJECTED),
            )
        }
        counts["contacts_skipped"] = sum(1 for r in results if r.contact_skipped)
        context = {"results": results, "filename": filename, "counts": counts}
        if form is not None:
            context["form"] = form
        return self.render_to_response(self.get_context_data(**context))
