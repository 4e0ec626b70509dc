"""The staff's contact screens: list, create, inspect, export, erase, confirm."""

import csv
import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import TemplateView
from wagtail.admin.views import generic
from wagtail.admin.widgets.button import Button
from wagtail.log_actions import log

from common.spreadsheets import safe_row
from etablissements.admin_views import PortalAdminTemplateMixin
from etablissements.models import School
from etablissements.roles import Role

from ..services import (
    contact_confirm,
    contact_erase,
    contact_export,
    contact_save,
)
from .scope import CONTACT_NS, contact_in_scope

# ---------------------------------------------------------------------------- contacts


class ContactIndexView(generic.IndexView):
    def filter_queryset(self, queryset):
        return super().filter_queryset(queryset).filter(anonymised_at__isnull=True)


class ContactCreateView(generic.CreateView):
    def get_initial(self):
        initial = super().get_initial()
        initial["schools"] = list(School.objects.for_user(self.request.user, roles=[Role.RBDE]))
        if company := self.request.GET.get("company"):
            initial["company"] = company
        return initial

    def save_instance(self):
        return _contact_saved(self, "wagtail.create")


class ContactEditView(generic.EditView):
    def save_instance(self):
        return _contact_saved(self, "wagtail.edit")


def _contact_saved(view, action):
    """Through `contact_save`: who noted the consent, and the links to other schools kept."""
    form, user = view.form, view.request.user
    contact = contact_save(
        contact=form.save(commit=False), schools=form.cleaned_data.get("schools"), by=user
    )
    log(instance=contact, action=action, user=user, content_changed=True)
    return contact


class ContactInspectView(generic.InspectView):
    @cached_property
    def header_more_buttons(self):
        buttons = super().header_more_buttons
        pk = self.object.pk
        buttons += [
            Button(
                "Exporter ses données (JSON)",
                url=reverse(f"{CONTACT_NS}:export", args=[pk]) + "?format=json",
                icon_name="download",
                priority=40,
            ),
            Button(
                "Exporter ses données (CSV)",
                url=reverse(f"{CONTACT_NS}:export", args=[pk]) + "?format=csv",
                icon_name="download",
                priority=41,
            ),
        ]
        can_change = self.request.user.has_perm("entreprises.change_contact")
        if can_change and not self.object.confirmed_at:
            buttons.append(
                Button(
                    "Confirmer cette personne",
                    url=reverse(f"{CONTACT_NS}:confirm", args=[pk]),
                    icon_name="tick",
                    priority=30,
                )
            )
        if self.request.user.has_perm("entreprises.change_contact"):
            buttons.append(
                Button(
                    "Effacer ses données (RGPD)",
                    url=reverse(f"{CONTACT_NS}:erase", args=[pk]),
                    icon_name="bin",
                    priority=50,
                )
            )
        return buttons


def contact_export_view(request, pk):
    """RGPD right of access: all the portal holds on a person, as a download."""
    if not request.user.has_perm("entreprises.view_contact"):
        raise PermissionDenied
    contact = contact_in_scope(request.user, pk)
    data = contact_export(contact)
    filename = f"donnees-contact-{contact.pk}"
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=";")
        writer.writerow(["donnée", "valeur"])
        for key, value in data.items():
            if isinstance(value, dict):
                for sub, items in value.items():
                    writer.writerow(safe_row([f"{key} — {sub}", " | ".join(items)]))
            elif isinstance(value, list):
                writer.writerow(safe_row([key, " | ".join(value)]))
            else:
                writer.writerow(safe_row([key, "" if value is None else value]))
        response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
        return response
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


class ContactEraseView(PortalAdminTemplateMixin, TemplateView):
    """RGPD right to erasure: confirm, then anonymise (logged)."""

    template_name = "entreprises/admin/contact_erase.html"
    page_title = "Effacer les données d’un contact"
    header_icon = "bin"

    def dispatch(self, request, pk):
        if not request.user.has_perm("entreprises.change_contact"):
            raise PermissionDenied
        self.contact = contact_in_scope(request.user, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact"] = self.contact
        return context

    def post(self, request, pk):
        try:
            contact_erase(contact=self.contact, by=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return redirect(reverse(f"{CONTACT_NS}:inspect", args=[pk]))
        messages.success(
            request,
            "Les données de ce contact sont effacées : il reste une fiche « Contact anonymisé » "
            "et la trace de l’effacement.",
        )
        return redirect(reverse(f"{CONTACT_NS}:index"))


class ContactConfirmView(PortalAdminTemplateMixin, TemplateView):
    """A school vouches that a person who wrote through a public form belongs to the company."""

    template_name = "entreprises/admin/contact_confirm.html"
    page_title = "Confirmer un contact"
    header_icon = "tick"

    def dispatch(self, request, pk):
        if not request.user.has_perm("entreprises.change_contact"):
            raise PermissionDenied
        self.contact = contact_in_scope(request.user, pk)
        return super().dispatch(request, pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["contact"] = self.contact
        return context

    def post(self, request, pk):
        user = request.user
        try:
            contact_confirm(
                contact=self.contact,
                by=f"{user.get_full_name() or user.get_username()} (personnel d’un établissement)",
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                "Contact confirmé : dans son espace entreprise, il voit désormais les propositions "
                "de ses collègues.",
            )
        return redirect(reverse(f"{CONTACT_NS}:inspect", args=[pk]))
