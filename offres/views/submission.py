"""The public form of a company's offer, and its thank-you page."""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from entreprises.models import Contact
from etablissements.models import School

from .. import services
from ..forms import (
    MAX_SCHOOLS,
    SchoolSearchForm,
    is_valid_id,
    submission_form_class,
)
from ..kinds import KINDS_BY_SLUG
from ..models import Submission, SubmissionKind
from .limits import _error_page, _rate_limited, _too_large, _way_page

SCHOOL_RESULTS_MAX = 60


PAGE_SIZE = 20


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
        if form.is_valid() and _submit(form, spec.kind):
            return redirect("offres:thanks", slug=slug)
    else:
        ticked = [v for v in request.GET.getlist("schools") if v.isdigit()]
        initial = {**known_contact_initial(request), **({"schools": ticked} if ticked else {})}
        form = form_class(schools=schools, initial=initial or None)
    context["form"] = form
    return render(request, "offres/submission_form.html", context)


SEARCH_BUTTON = "chercher_lycees"
# The contact whose espace this browser opened with their signed link: their next proposal's
# form starts with their company and themselves (they can change anything).
KNOWN_CONTACT = "offres_contact_connu"


def remember_contact(request, contact) -> None:
    request.session[KNOWN_CONTACT] = contact.pk


def known_contact_initial(request) -> dict:
    pk = request.session.get(KNOWN_CONTACT)
    contact = (
        Contact.objects.filter(pk=pk, anonymised_at__isnull=True).select_related("company").first()
        if isinstance(pk, int)
        else None
    )
    if contact is None:
        return {}
    company = contact.company
    return {
        "siret": company.siret,
        "company_name": company.name,
        "postcode": company.postcode,
        "town": company.town,
        "first_name": contact.first_name,
        "last_name": contact.last_name,
        "email": contact.email,
        "phone": contact.phone,
        "job_title": contact.job_title,
    }


def _typed(form_class, request) -> dict:
    """What the person typed, as initial values: the page comes back with it, no error shown."""
    form = form_class(schools=School.objects.none())
    return {
        name: field.widget.value_from_datadict(request.POST, request.FILES, form.add_prefix(name))
        for name, field in form.fields.items()
    }


def _submit(form, kind: str, joins: Submission | None = None) -> bool:
    """Save the proposal of a valid form; a refusal of the service becomes the form's error."""
    data = form.cleaned_data
    try:
        services.submission_create(
            kind=kind,
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
            joins=joins,
        )
    except services.SubmissionError as exc:
        _add_service_errors(form, exc)
        return False
    return True


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
