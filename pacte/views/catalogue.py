"""The academy administrator copies a school year's mission catalogue to the next year."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.views.generic import TemplateView

from common.wording import count_text
from etablissements.admin_views import PortalAdminTemplateMixin
from etablissements.querysets import is_academy_admin

from .. import services
from ..forms import CatalogueCopyForm
from ..models import SchoolYear


class CatalogueCopyView(PortalAdminTemplateMixin, TemplateView):
    template_name = "pacte/admin/catalogue_copy.html"
    page_title = "Copier le catalogue des missions"
    header_icon = "copy"

    def dispatch(self, request, *args, **kwargs):
        if not is_academy_admin(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, form=None, **kwargs):
        if form is None:
            years = list(SchoolYear.objects.order_by("start"))
            initial = {"source": years[-2], "target": years[-1]} if len(years) > 1 else {}
            form = CatalogueCopyForm(initial=initial)
        return super().get_context_data(form=form, **kwargs)

    def post(self, request):
        form = CatalogueCopyForm(request.POST)
        if form.is_valid():
            source, target = form.cleaned_data["source"], form.cleaned_data["target"]
            try:
                copied = services.catalogue_copy(source=source, target=target, by=request.user)
            except services.PacteError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"{count_text(len(copied), 'mission copiée', 'missions copiées')} du catalogue "
                    f"{source} vers {target}."
                    if copied
                    else f"Le catalogue {target} compte déjà toutes les missions de {source}.",
                )
                return redirect("pacte_admin:catalogue_copy")
        return self.render_to_response(self.get_context_data(form=form))
