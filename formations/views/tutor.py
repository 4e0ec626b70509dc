"""A tutor's pages reached by a signed link: cancel, feedback, check-in, answer an invitation."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from common.ratelimits import TOO_MANY

from .. import links, services
from ..forms import CheckInForm, FeedbackForm
from ..models import (
    Invitation,
    MentoringPair,
    Registration,
    RegistrationStatus,
)
from ..services import FormationError
from .public import _apply_error, _link_expired, _link_limited


def _by_link(token: str, salt: str, queryset, invalid: str = "Ce lien n’est pas valable."):
    """The row a signed link names (its `token`); a link altered or of another kind: 404."""
    value = links.unsign(token, salt)
    if not value:
        raise Http404(invalid)
    return get_object_or_404(queryset, token=value)


def registration_cancel(request, token):
    registration = _by_link(
        token,
        links.CANCEL_SALT,
        Registration.objects.select_related("training__school", "contact"),
        "Ce lien d’annulation n’est pas valable.",
    )
    done = registration.status == RegistrationStatus.CANCELLED
    if not done and (
        expired := _link_expired(
            request,
            links.cancel_expires_at(registration),
            "La session a commencé : l’inscription ne peut plus être annulée en ligne. "
            "Prévenez le bureau des entreprises du lycée.",
        )
    ):
        return expired
    # Someone on the waiting list holds no place: they leave the list, they free nothing.
    was_waiting = registration.status == RegistrationStatus.WAITING
    error = None
    limited = _link_limited(request, "formations-cancel", token)
    if limited:
        error = TOO_MANY
    elif request.method == "POST" and not done:
        try:
            services.registration_cancel(registration=registration)
        except FormationError as exc:
            error = exc.message
        else:
            done = True
    return render(
        request,
        "formations/registration_cancel.html",
        {
            "registration": registration,
            "training": registration.training,
            "done": done,
            "was_waiting": was_waiting,
            "error": error,
        },
        status=429 if limited else 200,
    )


def feedback(request, token):
    registration = _by_link(
        token,
        links.FEEDBACK_SALT,
        Registration.objects.select_related("training__school", "contact"),
    )
    if expired := _link_expired(
        request,
        links.feedback_expires_at(registration),
        "Le recueil des avis sur cette session est terminé.",
    ):
        return expired
    form = FeedbackForm(request.POST or None)
    done = False
    limited = _link_limited(request, "formations-feedback", token)
    if limited:
        form.is_valid()
        form.add_error(None, TOO_MANY)
    elif request.method == "POST" and form.is_valid():
        try:
            services.feedback_submit(registration=registration, **form.cleaned_data)
        except FormationError as error:
            _apply_error(form, error)
        else:
            done = True
    return render(
        request,
        "formations/feedback.html",
        {
            "registration": registration,
            "training": registration.training,
            "form": form,
            "done": done,
        },
        status=429 if limited else 200,
    )


def checkin(request, token):
    """The mentor's monthly check-in, from the mail link: no account needed."""
    value = links.unsign(token, links.CHECKIN_SALT)
    if not value or ":" not in value:
        raise Http404("Ce lien n’est pas valable.")
    pair_id, mentor_id = value.split(":", 1)
    pair = get_object_or_404(
        MentoringPair.objects.select_related("school", "mentor"), pk=pair_id, mentor_id=mentor_id
    )
    if expired := _link_expired(
        request,
        links.checkin_expires_at(pair),
        "Ce mentorat est terminé : les points mensuels ne se saisissent plus.",
    ):
        return expired
    today = timezone.localdate()
    form = CheckInForm(request.POST or None, pair=pair, today=today)
    done = None
    limited = _link_limited(request, "formations-checkin", token)
    if limited:
        form.is_valid()
        form.add_error(None, TOO_MANY)
    elif request.method == "POST" and form.is_valid():
        try:
            done = services.checkin_record(pair=pair, today=today, **form.cleaned_data)
        except FormationError as error:
            _apply_error(form, error)
    recent = pair.checkins.with_minimum_flag().order_by("-month")[:6]
    return render(
        request,
        "formations/checkin.html",
        {"pair": pair, "form": form, "done": done, "recent": recent},
        status=429 if limited else 200,
    )


def rsvp(request, token):
    invitation = _by_link(
        token, links.RSVP_SALT, Invitation.objects.select_related("event__school", "company")
    )
    if expired := _link_expired(
        request,
        links.rsvp_expires_at(invitation),
        "L’événement a eu lieu il y a plus d’un mois : cette invitation n’est plus valable.",
    ):
        return expired
    error = None
    limited = _link_limited(request, "formations-rsvp", token)
    if limited:
        error = TOO_MANY
    elif request.method == "POST" and request.POST.get("reponse") in {"oui", "non"}:
        try:
            services.invitation_respond(
                invitation=invitation, coming=request.POST["reponse"] == "oui"
            )
        except FormationError as exc:
            error = exc.message
    return render(
        request,
        "formations/rsvp.html",
        {"invitation": invitation, "event": invitation.event, "error": error},
        status=429 if limited else 200,
    )
