"""Espace entreprise: the company's own page reached by a signed link."""

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from common.ratelimits import TOO_MANY, rate_limited
from entreprises.models import Contact
from entreprises.services import company_set_public_listing

from .. import services
from ..forms import (
    ColleagueForm,
    LimitsForm,
    LinkRequestForm,
)
from ..kinds import KINDS, details_form
from ..links import LinkError, espace_contact_id, expired_link_contact_id
from ..mails import mail_espace_link
from ..models import Submission, SubmissionSchool
from . import limits
from .limits import _error_page, _rate_limited, _too_large
from .submission import _add_service_errors, remember_contact

# Espace entreprise -----------------------------------------------------------------------


def _espace_contact(request, token: str):
    """The contact of a signed link, or an error page saying plainly what is wrong."""
    if rate_limited(request, "offres-espace", per_ip=limits.RATE_PER_IP, per_key="30/h", key=token):
        return None, _error_page(request, "Trop d’envois en peu de temps", TOO_MANY, 429)
    try:
        contact_id = espace_contact_id(token)
    except LinkError as exc:
        expired_for = expired_link_contact_id(token)
        if expired_for and _live_contact(expired_for):
            return None, render(
                request,
                "offres/espace_expired.html",
                {"token": token, "title": "Lien expiré", "breadcrumb_current": "Lien expiré"},
                status=403,
            )
        return None, _error_page(request, "Lien non valable", str(exc), 403)
    contact = (
        Contact.objects.select_related("company")
        .filter(pk=contact_id, anonymised_at__isnull=True)
        .first()
    )
    if contact is None:
        return None, _error_page(
            request,
            "Lien non valable",
            "La personne à qui ce lien était destiné n’est plus enregistrée.",
            403,
        )
    return contact, None


def _live_contact(contact_id: int):
    return Contact.objects.filter(pk=contact_id, anonymised_at__isnull=True).first()


@require_http_methods(["POST"])
def espace_resend(request, token: str):
    """From an expired link: a fresh one goes to the address on file (shown to nobody)."""
    contact_id = expired_link_contact_id(token)
    contact = _live_contact(contact_id) if contact_id else None
    if contact is None:
        return _error_page(
            request, "Lien non valable", "Ce lien n’est pas valide : demandez-en un nouveau.", 403
        )
    if not _rate_limited(request, "offres-resend"):
        transaction.on_commit(lambda: mail_espace_link(contact_id=contact.pk))
    return render(
        request,
        "offres/espace_expired.html",
        {"token": token, "sent": True, "title": "Nouveau lien envoyé"},
    )


def _espace_submission(contact, pk: int) -> Submission:
    return get_object_or_404(
        Submission.objects.for_contact(contact).select_related("contact"), pk=pk
    )


def espace(request, token: str):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    queryset = (
        Submission.objects.for_contact(contact)
        .select_related("contact")
        .prefetch_related(
            Prefetch(
                "addressees",
                queryset=SubmissionSchool.objects.select_related("school").order_by("school__name"),
            )
        )
        .order_by("-created_at", "-pk")
    )
    page_obj = Paginator(queryset, 10).get_page(request.GET.get("page"))
    remember_contact(request, contact)
    return render(
        request,
        "offres/espace.html",
        {
            "contact": contact,
            "company": contact.company,
            "page_obj": page_obj,
            "token": token,
            "opted_out": services.is_opted_out(contact.email),
            "title": f"Espace entreprise — {contact.company.name}",
        },
    )


@require_http_methods(["GET", "POST"])
def espace_edit(request, token: str, pk: int):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    submission = _espace_submission(contact, pk)
    context = {"submission": submission, "token": token, "title": "Modifier ma proposition"}
    if not submission.is_editable:
        return render(request, "offres/espace_locked.html", context)
    if request.method == "POST":
        if _too_large(request):
            return _error_page(request, "Proposition trop longue", "Raccourcissez les textes.", 413)
        form = KINDS[submission.kind].form_class(request.POST)
        if form.is_valid():
            try:
                services.submission_update_details(submission=submission, details=form.to_details())
            except services.SubmissionError as exc:
                _add_service_errors(form, exc)
            else:
                return redirect(reverse("offres:espace", kwargs={"token": token}) + "?modifiee=1")
    else:
        bound = details_form(submission.kind, submission.details)
        form = KINDS[submission.kind].form_class(initial=bound.data)
    context["form"] = form
    return render(request, "offres/espace_edit.html", context)


@require_http_methods(["GET", "POST"])
def espace_withdraw(request, token: str, pk: int):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    submission = _espace_submission(contact, pk)
    context = {"submission": submission, "token": token, "title": "Retirer ma proposition"}
    if submission.is_withdrawn:
        return render(request, "offres/espace_locked.html", context)
    if request.method == "POST":
        services.submission_withdraw(submission=submission)
        return redirect(reverse("offres:espace", kwargs={"token": token}) + "?retiree=1")
    return render(request, "offres/espace_withdraw.html", context)


@require_http_methods(["GET", "POST"])
def espace_limits(request, token: str, pk: int):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    submission = _espace_submission(contact, pk)
    context = {"submission": submission, "token": token, "title": "Pause et limites"}
    if submission.is_withdrawn:
        return render(request, "offres/espace_locked.html", context)
    if request.method == "POST":
        form = LimitsForm(request.POST, kind=submission.kind)
        if form.is_valid():
            try:
                limits = {"students_per_period": None, **form.cleaned_data}
                services.submission_set_limits(submission=submission, **limits)
            except services.SubmissionError as exc:
                _add_service_errors(form, exc)
            else:
                return redirect(reverse("offres:espace", kwargs={"token": token}) + "?limites=1")
    else:
        form = LimitsForm(
            kind=submission.kind,
            initial={
                "paused": submission.paused,
                "request_cap": submission.request_cap,
                "students_per_period": submission.students_per_period,
            },
        )
    context["form"] = form
    return render(request, "offres/espace_limits.html", context)


@require_http_methods(["GET", "POST"])
def espace_colleague(request, token: str):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    context = {"contact": contact, "token": token, "title": "Ajouter un collègue"}
    if not contact.is_confirmed:
        return _error_page(
            request,
            "Ajout d’un collègue réservé",
            "Seule une personne déjà confirmée de votre entreprise peut ajouter un collègue. "
            "Demandez à un collègue confirmé de vous ajouter depuis son espace, ou au bureau des "
            "entreprises d’un lycée de confirmer votre rattachement.",
            403,
        )
    if request.method == "POST":
        form = ColleagueForm(request.POST)
        if _rate_limited(request, "offres-colleague"):
            form.is_valid()
            context.update(form=form, rate_limited=True)
            return render(request, "offres/espace_colleague.html", context, status=429)
        if form.is_valid():
            data = form.cleaned_data
            services.colleague_add(
                contact=contact,
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                job_title=data["job_title"],
            )
            return redirect(reverse("offres:espace", kwargs={"token": token}) + "?collegue=1")
    else:
        form = ColleagueForm()
    context["form"] = form
    return render(request, "offres/espace_colleague.html", context)


@require_http_methods(["POST"])
def espace_directory(request, token: str):
    """The company's choice to appear in the public directory of partners: its own, made by a
    person confirmed in it (never by whoever typed its SIRET, nor by a school's staff)."""
    contact, error = _espace_contact(request, token)
    if error:
        return error
    if not contact.is_confirmed:
        return _error_page(
            request,
            "Choix réservé",
            "Seule une personne confirmée de votre entreprise peut choisir sa présence dans "
            "l’annuaire public. Demandez au bureau des entreprises d’un lycée de confirmer votre "
            "rattachement.",
            403,
        )
    listed = request.POST.get("annuaire") == "oui"
    company_set_public_listing(
        company=contact.company, listed=listed, by=f"{contact} ({contact.email}), espace entreprise"
    )
    return redirect(reverse("offres:espace", kwargs={"token": token}) + "?annuaire=1")


@require_http_methods(["GET", "POST"])
def espace_unsubscribe(request, token: str):
    contact, error = _espace_contact(request, token)
    if error:
        return error
    done = False
    if request.method == "POST":
        services.mail_opt_out(email=contact.email)
        done = True
    return render(
        request,
        "offres/espace_unsubscribe.html",
        {
            "contact": contact,
            "token": token,
            "done": done,
            "title": "Ne plus recevoir de courriels",
        },
    )


@require_http_methods(["GET", "POST"])
def espace_link_request(request):
    """Ask for a fresh link by email (the answer is the same whether the address is known)."""
    sent = False
    if request.method == "POST":
        form = LinkRequestForm(request.POST)
        limited = _rate_limited(request, "offres-link")
        if form.is_valid() and not limited and not form.data.get("site_internet_confirmation"):
            email = form.cleaned_data["email"].strip().lower()
            contact_ids = list(
                Contact.objects.filter(
                    email__iexact=email,
                    anonymised_at__isnull=True,
                    submissions__isnull=False,
                )
                .values_list("pk", flat=True)
                .distinct()[:5]
            )
            for contact_id in contact_ids:
                mail_espace_link(contact_id=contact_id)
        sent = form.is_valid()
    else:
        form = LinkRequestForm()
    return render(
        request,
        "offres/link_request.html",
        {"form": form, "sent": sent, "title": "Recevoir un nouveau lien"},
    )
