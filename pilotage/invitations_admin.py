"""The invitations' staff screen (academy administrator, directions): writes through
`pilotage.invitations.invitation_send`, so that the invitation and its mail go together."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.log_actions import log

from etablissements.admin_views import ScopedModelViewSet, refuse_generic_actions
from etablissements.models import Invitation
from etablissements.services import InvitationError, invitation_withdraw

from .invitations import invitation_send

# An invitation is sent (the add form), withdrawn or accepted; it is not edited.
refuse_generic_actions(Invitation, "change")


class InvitationCreateView(generic.CreateView):
    """Writes through the service: who may invite, no double invitation, the mail."""

    def form_valid(self, form):
        try:
            self.object = invitation_send(
                by=self.request.user,
                email=form.cleaned_data["email"],
                school=form.cleaned_data["school"],
                role=form.cleaned_data["role"],
            )
        except InvitationError as exc:
            form.add_error(None, ValidationError(str(exc)))
            self.produced_error_message = str(exc)
            return self.form_invalid(form)
        log(instance=self.object, action="wagtail.create", user=self.request.user)
        messages.success(
            self.request,
            f"Invitation envoyée à {self.object.email}. Elle vaut pour sa première connexion "
            "avec ProConnect, jusqu’à sa date d’expiration.",
        )
        return redirect(self.get_success_url())


class InvitationDeleteView(generic.DeleteView):
    """Withdraws an invitation not yet accepted (`invitation_withdraw`)."""

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except InvitationError as exc:
            messages.error(self.request, str(exc))
            return redirect(self.get_success_url())

    def delete_action(self):
        with transaction.atomic():  # a refused withdrawal leaves no line in the history
            log(instance=self.object, action="wagtail.delete", user=self.request.user)
            invitation_withdraw(invitation=self.object, by=self.request.user)


class InvitationViewSet(ScopedModelViewSet):
    model = Invitation
    # No « Copier »: an invitation is one person's.
    copy_view_enabled = False
    delete_view_class = InvitationDeleteView
    icon = "mail"
    menu_label = "Invitations au portail"
    menu_order = 920
    empty_help = (
        "Une invitation donne un rôle dans un établissement (enseignant, RBDE, direction) : "
        "la personne reçoit un courriel, se connecte avec ProConnect et obtient ce rôle."
    )
    add_to_admin_menu = True
    list_display = [
        "email",
        "school",
        "role",
        Column("status_label", label="État"),
        "expires_at",
        "accepted_at",
    ]
    list_filter = ["role", "school"]
    list_select_related = ["school"]
    search_fields = ["email", "school__name"]
    form_fields = ["email", "school", "role"]
    add_view_class = InvitationCreateView
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "school",
        "role",
        "invited_by",
        "created_at",
        "expires_at",
        "accepted_at",
        "accepted_by",
    ]
