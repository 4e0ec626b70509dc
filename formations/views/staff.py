"""The leading teacher's pages (staff, scoped to their schools)."""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from .. import services
from ..forms import OnSiteTutorForm
from ..models import (
    ATTENDANCE_STATUSES,
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from ..pdf import sign_in_sheet_pdf
from ..services import FormationError
from .public import PAGE_SIZE, _apply_error

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
