"""Public pages: the eight forms, the espace entreprise, the open specialisation requests."""

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from common.ratelimits import TOO_MANY, post_limited
from entreprises.models import Contact
from etablissements.models import School

from . import services
from .forms import (
    MAX_SCHOOLS,
    ColleagueForm,
    LimitsForm,
    LinkRequestForm,
    SchoolSearchForm,
    is_valid_id,
    submission_form_class,
)
from .kinds import KINDS, KINDS_BY_SLUG, details_form
from .links import LinkError, espace_contact_id, expired_link_contact_id
from .mails import mail_espace_link
from .models import Submission, SubmissionKind, SubmissionSchool
from .pages import WayPage

# Abuse limits (module values so that an instance or a test may change them).
RATE_PER_IP = "20/h"
RATE_PER_EMAIL = "5/h"
MAX_BODY_BYTES = 64 * 1024
SCHOOL_RESULTS_MAX = 60
PAGE_SIZE = 20


def _email_key(group, request):
    return (request.POST.get("email") or "").strip().lower() or "-"


def _rate_ip(group, request):
    return RATE_PER_IP


def _rate_email(group, request):
    return RATE_PER_EMAIL


def _rate_limited(request, group: str) -> bool:
    """Count this POST per IP and per email; True once either goes over its rate."""
    by_ip = is_ratelimited(
        request, group=f"{group}-ip", key="ip", rate=_rate_ip, method="POST", increment=True
    )
    by_email = is_ratelimited(
        request,
        group=f"{group}-email",
        key=_email_key,
        rate=_rate_email,
        method="POST",
        increment=True,
    )
    return by_ip or by_email


def _too_large(request) -> bool:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES
    except ValueError:
        return True


def _error_page(request, title: str, message: str, status: int):
    return render(request, "offres/error.html", {"title": title, "message": message}, status=status)


def _way_page(kind: str):
    return WayPage.objects.live().filter(kind=kind).first()


def _school_queryset(request, search: SchoolSearchForm):
    """Schools shown as choices: those the search finds, plus those already ticked."""
    found = search.filter(School.objects.all())
    ids = list(found.order_by("name").values_list("pk", flat=True)[: SCHOOL_RESULTS_MAX + 1])
    too_many = len(ids) > SCHOOL_RESULTS_MAX
    ids = ids[:SCHOOL_RESULTS_MAX]
    data = request.POST if request.method == "POST" else request.GET
    ticked = [v for v in data.getlist("schools") if is_valid_id(v)][:MAX_SCHOOLS]
    queryset = School.objects.filter(Q(pk__in=ids) | Q(pk__in=ticked)).order_by("name")
    return queryset, too_many


@require_http_methods(["GET", "POST"])
def submission_submit(request, slug: str):
    spec = KINDS_BY_SLUG.get(slug)
    if spec is None:
        raise Http404("Formulaire inconnu.")
    form_class = submission_form_class(spec.kind)
    # The school search sits inside the proposal form: searching posts everything typed so
    # far and comes back with it (no JavaScript), or filters the list in place (school_search.js).
    search = SchoolSearchForm((request.POST if request.method == "POST" else request.GET) or None)
    schools, too_many = _school_queryset(request, search)
    context = {
        "spec": spec,
        "way": _way_page(spec.kind),
        "search": search,
        "too_many_schools": too_many,
        "title": spec.title,
    }
    if request.method == "POST":
        if _too_large(request):
            return _error_page(
                request,
                "Proposition trop longue",
                "Votre proposition dépasse la taille permise. Raccourcissez les textes puis "
                "renvoyez-la.",
                413,
            )
        if SEARCH_BUTTON in request.POST:
            context["form"] = form_class(initial=_typed(form_class, request), schools=schools)
            context["searched"] = True
            return render(request, "offres/submission_form.html", context)
        form = form_class(request.POST, schools=schools)
        if _rate_limited(request, "offres-submit"):
            form.is_valid()
            context.update(form=form, rate_limited=True)
            return render(request, "offres/submission_form.html", context, status=429)
        if form.is_spam:
            # Answer as if all went well: a robot learns nothing.
            return redirect("offres:thanks", slug=slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submission_create(
                    kind=spec.kind,
                    siret=data["siret"],
                    company_name=data["company_name"],
                    postcode=data["postcode"],
                    town=data["town"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data.get("phone", ""),
                    job_title=data.get("job_title", ""),
                    schools=data["schools"],
                    details=form.details(),
                )
            except services.SubmissionError as exc:
                _add_service_errors(form, exc)
            else:
                return redirect("offres:thanks", slug=slug)
    else:
        ticked = [v for v in request.GET.getlist("schools") if v.isdigit()]
        form = form_class(schools=schools, initial={"schools": ticked} if ticked else None)
    context["form"] = form
    return render(request, "offres/submission_form.html", context)


SEARCH_BUTTON = "chercher_lycees"


def _typed(form_class, request) -> dict:
    """What the person typed, as initial values: the page comes back with it, no error shown."""
    form = form_class(schools=School.objects.none())
    return {
        name: field.widget.value_from_datadict(request.POST, request.FILES, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _add_service_errors(form, exc: services.SubmissionError) -> None:
    if exc.errors:
        for name, messages in exc.errors.items():
            for message in messages:
                form.add_error(name if name in form.fields else None, message)
    else:
        form.add_error(exc.field if exc.field in form.fields else None, exc.message)


def submission_thanks(request, slug: str):
    spec = KINDS_BY_SLUG.get(slug)
    if spec is None:
        raise Http404("Formulaire inconnu.")
    joined = None
    if spec.kind == SubmissionKind.SPECIALISATION and (request.GET.get("rejointe") or "").isdigit():
        joined = Submission.objects.specialisation().filter(pk=request.GET["rejointe"]).first()
    title = "Demande rejointe" if joined else "Proposition envoyée"
    return render(request, "offres/thanks.html", {"spec": spec, "joined": joined, "title": title})


def specialisation_list(request):
    """Open specialisation-course requests, without any personal data."""
    queryset = (
        Submission.objects.open_specialisation_requests()
        .select_related("company")
        .annotate(companies_joined=Count("joined_by", distinct=True))
        .order_by("-created_at", "-pk")
    )
    metier = (request.GET.get("metier") or "").strip()[:120]
    ville = (request.GET.get("ville") or "").strip()[:120]
    if metier:
        queryset = queryset.filter(details__trade__icontains=metier)
    if ville:
        queryset = queryset.filter(company__town__icontains=ville)
    page_obj = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    course_types = dict(
        KINDS[SubmissionKind.SPECIALISATION].form_class.base_fields["course_type"].choices
    )
    rows = [
        {
            "pk": s.pk,
            "trade": s.details.get("trade", ""),
            "course_type": course_types.get(s.details.get("course_type"), ""),
            "town": s.company.town,
            "hires": s.details.get("hires"),
            "companies": 1 + s.companies_joined,
        }
        for s in page_obj
    ]
    return render(
        request,
        "offres/specialisation_list.html",
        {
            "page_obj": page_obj,
            "rows": rows,
            "metier": metier,
            "ville": ville,
            "title": "Demandes d’ouverture de formation en cours",
        },
    )


@require_http_methods(["GET", "POST"])
def specialisation_join(request, pk: int):
    original = get_object_or_404(
        Submission.objects.open_specialisation_requests().select_related("company"), pk=pk
    )
    schools = School.objects.filter(
        pk__in=SubmissionSchool.objects.filter(submission=original).values("school")
    ).order_by("name")
    form_class = submission_form_class(SubmissionKind.SPECIALISATION)
    context = {"original": original, "title": "Rejoindre une demande d’ouverture de formation"}
    initial = {
        "trade": original.details.get("trade", ""),
        "course_type": original.details.get("course_type"),
    }
    if request.method == "POST":
        if _too_large(request):
            return _error_page(request, "Proposition trop longue", "Raccourcissez les textes.", 413)
        form = form_class(request.POST, schools=schools)
        if _rate_limited(request, "offres-join"):
            form.is_valid()
            context.update(form=form, rate_limited=True)
            return render(request, "offres/specialisation_join.html", context, status=429)
        if form.is_spam:
            return redirect("offres:thanks", slug=KINDS[SubmissionKind.SPECIALISATION].slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.submission_create(
                    kind=SubmissionKind.SPECIALISATION,
                    siret=data["siret"],
                    company_name=data["company_name"],
                    postcode=data["postcode"],
                    town=data["town"],
                    email=data["email"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    phone=data.get("phone", ""),
                    job_title=data.get("job_title", ""),
                    schools=data["schools"],
                    details=form.details(),
                    joins=original,
                )
            except services.SubmissionError as exc:
                _add_service_errors(form, exc)
            else:
                thanks = reverse(
                    "offres:thanks", kwargs={"slug": KINDS[SubmissionKind.SPECIALISATION].slug}
                )
                return redirect(f"{thanks}?rejointe={original.pk}")
    else:
        form = form_class(schools=schools, initial={**initial, "schools": list(schools)})
    context["form"] = form
    return render(request, "offres/specialisation_join.html", context)


# Espace entreprise -----------------------------------------------------------------------


def _espace_contact(request, token: str):
    """The contact of a signed link, or an error page saying plainly what is wrong."""
    if post_limited(request, "offres-espace", per_ip=RATE_PER_IP, per_key="30/h", key=token):
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
        from django.db import transaction

        from .mails import mail_espace_link

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
                return redirect(reverse("offres:espace", kwargs={"token": token}))
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
