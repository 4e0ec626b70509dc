"""The public form of a company's offer, and its thank-you page."""

from django.db.models import Case, IntegerField, Q, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from common.identifiers import parse_id
from entreprises.models import Contact
from entreprises.validators import normalize_siret
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
from ..routing import DEFAULT_DISTANCE, route_need
from .limits import _error_page, _rate_limited, _too_large, _way_page

SCHOOL_RESULTS_MAX = 60


PAGE_SIZE = 20

# The session key of the schools a proposal just went to (the thanks page names them).
SENT_TO = "proposition_envoyee_a"


def _school_queryset(request, search: SchoolSearchForm):
    """Schools shown as choices: those the search finds, plus those already ticked."""
    found = search.filter(School.objects.all())
    ids = list(found.order_by("name").values_list("pk", flat=True)[: SCHOOL_RESULTS_MAX + 1])
    too_many = len(ids) > SCHOOL_RESULTS_MAX
    ids = ids[:SCHOOL_RESULTS_MAX]
    data = request.POST if request.method == "POST" else request.GET
    ticked = [parse_id(v) for v in data.getlist("schools") if is_valid_id(v)][:MAX_SCHOOLS]
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
        if PROPOSE_BUTTON in request.POST:
            typed = _typed(form_class, request)
            routing = _routing(typed, search)
            typed["schools"] = routing.default_choice()
            form = form_class(initial=typed, schools=_with_routing(schools, routing))
            _show_routing(form, routing, context)
            context.update(form=form, proposed=True)
            return render(request, "offres/submission_form.html", context)
        form = form_class(request.POST, schools=schools)
        if _rate_limited(request, "offres-submit"):
            form.is_valid()
            context.update(form=form, rate_limited=True)
            return render(request, "offres/submission_form.html", context, status=429)
        if form.is_spam:
            # Answer as if all went well: a robot learns nothing.
            return redirect("offres:thanks", slug=slug)
        if form.is_valid() and _submit(form, spec.kind, diploma=_searched_diploma(search)):
            # Named on the thanks page, for this visitor only (a session is never served from
            # the public cache, portal/public_cache.py).
            request.session[SENT_TO] = [school.name for school in form.cleaned_data["schools"]]
            return redirect("offres:thanks", slug=slug)
        if form.is_bound and "schools" in form.errors and not form.cleaned_data.get("schools"):
            # No school near enough prepares the trade: list the nearest that do, to tick.
            routing = _routing(form.cleaned_data, search)
            form.fields["schools"].queryset = _with_routing(schools, routing)
            _show_routing(form, routing, context)
    else:
        ticked = [str(parse_id(v)) for v in request.GET.getlist("schools") if is_valid_id(v)]
        initial = {**known_contact_initial(request), **({"schools": ticked} if ticked else {})}
        form = form_class(schools=schools, initial=initial or None)
    context["form"] = form
    return render(request, "offres/submission_form.html", context)


SEARCH_BUTTON = "chercher_lycees"
PROPOSE_BUTTON = "proposer_lycees"


def _searched_diploma(search: SchoolSearchForm) -> str:
    return (search.cleaned_data.get("diplome") or "") if search.is_valid() else ""


def _routing(data: dict, search: SchoolSearchForm):
    """The schools the portal proposes for what the person typed so far."""
    siret = normalize_siret(str(data.get("siret") or ""))
    routing, _ = route_need(
        siret=siret if len(siret) == 14 and siret.isdigit() else "",
        postcode=str(data.get("postcode") or "").strip(),
        town=str(data.get("town") or ""),
        trade_area=str(data.get("trade_area") or ""),
        diploma=_searched_diploma(search),
        distance=str(data.get("distance") or DEFAULT_DISTANCE),
    )
    return routing


def _with_routing(schools, routing):
    """The schools listed: those the search found, plus the proposed ones, nearest first."""
    ids = [s.school_id for s in [*routing.schools, *routing.nearest_elsewhere]]
    return School.objects.filter(Q(pk__in=schools.values("pk")) | Q(pk__in=ids)).order_by("name")


def _show_routing(form, routing, context) -> None:
    proposed = [*routing.schools, *routing.nearest_elsewhere]
    form.fields["schools"].notes = {s.school_id: s.distance_label for s in proposed}
    # Proposed schools first, in the routing's order; then the others, by name.
    rank = Case(
        *[When(pk=s.school_id, then=Value(n)) for n, s in enumerate(proposed)],
        default=Value(len(proposed)),
        output_field=IntegerField(),
    )
    form.fields["schools"].queryset = (
        form.fields["schools"].queryset.annotate(rank=rank).order_by("rank", "name")
    )
    context["routing"] = routing


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


def _submit(form, kind: str, joins: Submission | None = None, diploma: str = "") -> bool:
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
            trade_area=data.get("trade_area", ""),
            distance=data.get("distance", ""),
            diploma=diploma,
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
    joined_id = parse_id(request.GET.get("rejointe"))
    if spec.kind == SubmissionKind.SPECIALISATION and joined_id:
        joined = Submission.objects.specialisation().filter(pk=joined_id).first()
    title = "Demande rejointe" if joined else "Proposition envoyée"
    sent_to = request.session.pop(SENT_TO, []) if not joined else []
    return render(
        request,
        "offres/thanks.html",
        {"spec": spec, "joined": joined, "title": title, "sent_to": sent_to},
    )
