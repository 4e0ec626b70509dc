"""Public pages (calendar, registration, signed links) and the leading teacher's sheet.

Thin: the rules live in services; a FormationError becomes a form error.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dateformat import format as date_format
from django.views.decorators.http import require_POST

from common.ratelimits import TOO_MANY, post_limited
from entreprises.maps import map_context, point
from etablissements.models import School

from . import calendar as calendar_ics
from . import links, services
from .filters import TrainingCalendarFilter
from .forms import CheckInForm, FeedbackForm, OnSiteTutorForm, RegistrationForm
from .models import (
    ATTENDANCE_STATUSES,
    Invitation,
    MentoringPair,
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from .pdf import sign_in_sheet_pdf
from .services import FormationError

PAGE_SIZE = 10
# Abuse limits of the public forms (module values so that an instance or a test may change them).
REGISTER_PER_IP = "10/h"
REGISTER_PER_EMAIL = "3/h"
LINK_PER_IP = "30/h"
LINK_PER_TOKEN = "10/h"


def _link_expired(request, expires_at, what: str):
    """The page of a link past its date, in plain words (None while it is still valid)."""
    if not links.is_expired(expires_at):
        return None
    return render(
        request,
        "formations/link_expired.html",
        {"what": what, "expires_at": expires_at},
        status=410,
    )


def _link_limited(request, group: str, token: str) -> bool:
    """A signed link's form: limited per client address and per link."""
    return post_limited(request, group, per_ip=LINK_PER_IP, per_key=LINK_PER_TOKEN, key=token)


def _apply_error(form, error: FormationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# Public calendar ----------------------------------------------------------------------------


def calendar(request):
    """Upcoming sessions of every school, filtered and paginated in the database."""
    queryset = (
        TutorTraining.objects.upcoming()
        .select_related("school")
        .prefetch_related("diplomas")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    filterset = TrainingCalendarFilter(request.GET or None, queryset=queryset)
    trainings = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    page_obj = Paginator(trainings, PAGE_SIZE).get_page(request.GET.get("page"))
    sessions = list(page_obj.object_list)
    # Where each session takes place: its school, for the sessions held there (not remote).
    points = [
        point(
            name=t.title,
            latitude=t.school.latitude,
            longitude=t.school.longitude,
            url=reverse("formations:training_detail", args=[t.pk]),
            detail=f"{t.school.name}, {date_format(timezone.localtime(t.starts_at), 'j F Y')}",
        )
        for t in sessions
        if t.place
    ]
    return render(
        request,
        "formations/calendar.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "trainings": sessions,
            **map_context(
                [p for p in points if p],
                label="Carte des lieux des sessions de cette page ; la liste qui suit donne les "
                "mêmes informations.",
            ),
            "feed_schools": School.objects.filter(
                pk__in=TutorTraining.objects.upcoming().values("school")
            ).order_by("name"),
        },
    )


SESSION_KEY = "formations_inscriptions"
FEED_PAST_DAYS = 30


def _remember_registration(request, registration) -> None:
    """This browser registered: the session page then shows the registration, not the form."""
    kept = request.session.get(SESSION_KEY, {})
    kept[str(registration.training_id)] = str(registration.token)
    request.session[SESSION_KEY] = kept


def _remembered_registration(request, training):
    token = request.session.get(SESSION_KEY, {}).get(str(training.pk))
    if not token:
        return None
    return (
        Registration.objects.filter(training=training, token=token)
        .exclude(status=RegistrationStatus.CANCELLED)
        .select_related("contact")
        .first()
    )


def training_detail(request, pk):
    training = get_object_or_404(
        TutorTraining.objects.upcoming().select_related("school").with_counts(), pk=pk
    )
    registration = _remembered_registration(request, training)
    # A browser that registered sees its registration; a POST is always a new registration.
    if registration and request.method == "GET" and request.GET.get("autre") != "1":
        return render(
            request,
            "formations/training_detail.html",
            {
                "training": training,
                "registration": registration,
                "cancel_url": reverse(
                    "formations:registration_cancel",
                    args=[links.sign(str(registration.token), links.CANCEL_SALT)],
                ),
            },
        )
    form = RegistrationForm(request.POST or None, training=training)
    limited = post_limited(
        request,
        "formations-register",
        per_ip=REGISTER_PER_IP,
        per_key=REGISTER_PER_EMAIL,
        key=request.POST.get("email", ""),
    )
    if limited:
        form.is_valid()
        form.add_error(None, TOO_MANY)
        return render(
            request,
            "formations/training_detail.html",
            {"training": training, "form": form},
            status=429,
        )
    if request.method == "POST" and form.is_valid():
        if form.is_spam():
            messages.success(request, "Votre demande a bien été reçue.")
            return redirect("formations:training_detail", pk=training.pk)
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"website"}}
        try:
            registration = services.training_register_tutor(training=training, **data)
        except FormationError as error:
            _apply_error(form, error)
        else:
            _remember_registration(request, registration)
            if registration.status == RegistrationStatus.WAITING:
                messages.warning(
                    request,
                    "La session est complète : vous êtes sur la liste d’attente, en position "
                    f"{registration.waiting_position}. Un courriel vous le confirme ; un autre "
                    "vous préviendra dès qu’une place se libère.",
                )
            else:
                messages.success(
                    request,
                    "Votre inscription est confirmée. Un courriel vous l’a envoyée, avec "
                    "l’invitation pour votre agenda et un lien pour annuler.",
                )
            return redirect("formations:training_detail", pk=training.pk)
    return render(request, "formations/training_detail.html", {"training": training, "form": form})


def training_ics(request, pk):
    """ "Ajouter à mon agenda": one session as an iCalendar file."""
    training = get_object_or_404(TutorTraining.objects.select_related("school"), pk=pk)
    response = HttpResponse(calendar_ics.training_ics(training), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="formation-tuteurs-{pk}.ics"'
    return response


def school_feed(request, uai):
    """A school's sessions (upcoming and of the last 30 days) as a calendar subscription."""
    school = get_object_or_404(School, uai=uai.upper())
    since = timezone.now() - datetime.timedelta(days=FEED_PAST_DAYS)
    trainings = (
        TutorTraining.objects.filter(school=school, starts_at__gte=since)
        .select_related("school")
        .order_by("starts_at", "pk")[:500]
    )
    response = HttpResponse(
        calendar_ics.school_feed_ics(school, trainings), content_type="text/calendar"
    )
    response["Content-Disposition"] = f'inline; filename="formations-tuteurs-{school.uai}.ics"'
    return response


def registration_cancel(request, token):
    value = links.unsign(token, links.CANCEL_SALT)
    if not value:
        raise Http404("Ce lien d’annulation n’est pas valable.")
    registration = get_object_or_404(
        Registration.objects.select_related("training__school", "contact"), token=value
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
            "error": error,
        },
        status=429 if limited else 200,
    )


def feedback(request, token):
    value = links.unsign(token, links.FEEDBACK_SALT)
    if not value:
        raise Http404("Ce lien n’est pas valable.")
    registration = get_object_or_404(
        Registration.objects.select_related("training__school", "contact"), token=value
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
    value = links.unsign(token, links.RSVP_SALT)
    if not value:
        raise Http404("Ce lien n’est pas valable.")
    invitation = get_object_or_404(
        Invitation.objects.select_related("event__school", "company"), token=value
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


# The leading teacher's pages (staff, scoped to their schools) -------------------------------


def _staff_training(request, pk) -> TutorTraining:
    return get_object_or_404(
        TutorTraining.objects.for_user(request.user).select_related("school"), pk=pk
    )


@login_required
def staff_trainings(request):
    """The sessions of the user's schools, those they lead first, most recent on top."""
    queryset = (
        TutorTraining.objects.for_user(request.user)
        .filter(ends_at__gte=timezone.now() - datetime.timedelta(days=60))
        .select_related("school")
        .with_counts()
        .order_by("starts_at", "pk")
    )
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    led = set(
        TutorTraining.objects.led_by(request.user)
        .filter(pk__in=[t.pk for t in page_obj.object_list])
        .values_list("pk", flat=True)
    )
    return render(
        request,
        "formations/staff/trainings.html",
        {"page_obj": page_obj, "trainings": page_obj.object_list, "led": led},
    )


@login_required
def attendance_sheet(request, pk):
    training = _staff_training(request, pk)
    registrations = (
        training.registrations.exclude(status=RegistrationStatus.CANCELLED)
        .select_related("contact__company")
        .order_by("waiting_position", "contact__last_name", "contact__first_name", "pk")
    )
    holding = [r for r in registrations if r.holds_place]
    waiting = [r for r in registrations if r.status == RegistrationStatus.WAITING]
    form = OnSiteTutorForm(request.POST or None, prefix="ajout")
    if request.method == "POST" and form.is_valid():
        try:
            added = services.training_add_tutor_on_site(
                training=training, by=request.user, **form.cleaned_data
            )
        except FormationError as error:
            _apply_error(form, error)
        else:
            messages.success(request, f"Ajout de {added.contact} : présence enregistrée.")
            return redirect("formations:attendance_sheet", pk=training.pk)
    summary = services.training_feedback_summary(training)
    return render(
        request,
        "formations/staff/attendance.html",
        {
            "training": training,
            "holding": holding,
            "waiting": waiting,
            "form": form,
            "statuses": [(s.value, s.label) for s in ATTENDANCE_STATUSES],
            "is_over": training.ends_at <= timezone.now(),
            "feedback": summary,
            "present_count": sum(1 for r in holding if r.status == RegistrationStatus.PRESENT),
        },
    )


@login_required
@require_POST
def attendance_mark(request, pk):
    registration = get_object_or_404(
        Registration.objects.for_user(request.user).select_related("contact"), pk=pk
    )
    try:
        services.registration_mark_attendance(
            registration=registration, status=request.POST.get("statut", ""), by=request.user
        )
    except FormationError as error:
        messages.error(request, error.message)
    else:
        registration.refresh_from_db()
        messages.success(request, f"{registration.contact} : {registration.get_status_display()}.")
    url = reverse("formations:attendance_sheet", args=[registration.training_id])
    return redirect(f"{url}#inscription-{registration.pk}")


@login_required
def sign_in_sheet(request, pk):
    training = _staff_training(request, pk)
    response = HttpResponse(sign_in_sheet_pdf(training), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="emargement-{training.pk}.pdf"'
    return response


@login_required
@require_POST
def send_certificates(request, pk):
    training = _staff_training(request, pk)
    try:
        count = services.training_send_certificates(training=training)
    except FormationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Attestations envoyées : {count}.")
    return redirect("formations:attendance_sheet", pk=training.pk)


@login_required
@require_POST
def request_feedback(request, pk):
    training = _staff_training(request, pk)
    try:
        count = services.training_request_feedback(training=training)
    except FormationError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Demandes d’avis envoyées : {count}.")
    return redirect("formations:attendance_sheet", pk=training.pk)
