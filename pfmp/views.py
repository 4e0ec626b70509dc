"""The company's PFMP page, opened by the signed link of its espace: the pupils proposed for
its places (first name and initial only), accepted with a tutor named, or declined; its places
filled and left per period. The tutor's end-of-period appraisal, by its own signed link."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone

from common.links import LinkExpired
from common.ratelimits import TOO_MANY, rate_limited
from entreprises.models import Contact
from offres.links import LinkError, espace_contact_id

from .choices import HOLDS_A_PLACE, PlacementStatus
from .forms import AppraisalForm
from .links import APPRAISAL_LINK_DAYS, appraisal_token_value
from .models import Placement, TutorAppraisal
from .services import (
    PfmpError,
    appraisal_can_resend,
    appraisal_resend,
    appraisal_submit,
    offer_places,
    placement_company_answer,
)


class AnswerForm(forms.Form):
    placement = forms.IntegerField(widget=forms.HiddenInput)
    answer = forms.ChoiceField(choices=[("accepte", "accepter"), ("refuse", "décliner")])
    tutor = forms.ModelChoiceField(
        label="Tuteur", queryset=Contact.objects.none(), required=False, empty_label="un autre"
    )
    tutor_first_name = forms.CharField(label="Prénom du tuteur", required=False, max_length=100)
    tutor_last_name = forms.CharField(label="Nom du tuteur", required=False, max_length=100)
    tutor_email = forms.EmailField(label="Courriel du tuteur", required=False)

    def __init__(self, *args, company, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["tutor"].queryset = Contact.objects.filter(
            company=company, anonymised_at__isnull=True, consent_given_at__isnull=False
        ).order_by("last_name")


def _error(request, title, message, status):
    return render(request, "offres/error.html", {"title": title, "message": message}, status=status)


def company_page(request, token: str):
    if rate_limited(request, "pfmp-entreprise", per_ip="60/h", per_key="60/h", key=token):
        return _error(request, "Trop d’envois en peu de temps", TOO_MANY, 429)
    try:
        contact_id = espace_contact_id(token)
    except LinkError as error:
        return _error(request, "Lien non valable", str(error), 403)
    contact = (
        Contact.objects.select_related("company")
        .filter(pk=contact_id, anonymised_at__isnull=True, confirmed_at__isnull=False)
        .first()
    )
    if contact is None:
        return _error(request, "Lien non valable", "Ce lien ne donne accès à aucun élève.", 403)
    company = contact.company
    if request.method == "POST":
        form = AnswerForm(request.POST, company=company)
        if form.is_valid():
            data = form.cleaned_data
            placement = Placement.objects.filter(pk=data["placement"], company=company).first()
            try:
                if placement is None:
                    raise PfmpError("Cette proposition n’attend plus de réponse de votre part.")
                placement_company_answer(
                    placement=placement,
                    contact=contact,
                    accept=data["answer"] == "accepte",
                    tutor=data["tutor"],
                    tutor_first_name=data["tutor_first_name"],
                    tutor_last_name=data["tutor_last_name"],
                    tutor_email=data["tutor_email"],
                )
                messages.success(request, "Votre réponse est enregistrée : merci.")
            except PfmpError as error:
                messages.error(request, str(error))
        else:
            messages.error(request, "Vérifiez le courriel du tuteur.")
        return redirect("pfmp:company", token=token)
    today = timezone.localdate()
    placements = list(
        Placement.objects.for_company(company)
        .filter(period__end__gte=today)
        .select_related("pupil", "period__school_class__school", "referent_teacher", "tutor")
        .select_related("offer")
        .order_by("period__start", "pupil__first_name")
    )
    periods: dict[int, dict] = {}
    for placement in placements:
        entry = periods.setdefault(
            placement.period_id, {"period": placement.period, "rows": [], "offers": {}}
        )
        entry["rows"].append(
            (placement, AnswerForm(company=company, initial={"placement": placement.pk}))
        )
        if placement.offer_id and placement.status in HOLDS_A_PLACE:
            offer = entry["offers"].setdefault(
                placement.offer_id, {"places": offer_places(placement.offer), "taken": 0}
            )
            offer["taken"] += 1
    for entry in periods.values():
        entry["places"] = sum(o["places"] for o in entry["offers"].values())
        entry["taken"] = sum(o["taken"] for o in entry["offers"].values())
        entry["left"] = max(entry["places"] - entry["taken"], 0)
    return render(
        request,
        "pfmp/company.html",
        {
            "title": "Élèves proposés en PFMP",
            "breadcrumb_current": "Élèves proposés en PFMP",
            "company": company,
            "periods": list(periods.values()),
            "lead": PlacementStatus.LEAD,
        },
    )


def _appraisal_closed(request, title, message, status, school=None, resend=False):
    return render(
        request,
        "pfmp/appraisal_closed.html",
        {"title": title, "message": message, "school": school, "resend": resend},
        status=status,
    )


def _appraisal_of(value: str | None):
    rows = TutorAppraisal.objects.select_related(
        "placement__pupil", "placement__company", "placement__period__school_class__school"
    )
    return rows.filter(token=value).first() if value else None


def _appraisal_expired(request, token: str):
    """The page of an expired link: while the appraisal is not given and the placement ended
    less than 90 days ago, a button sends a fresh link to the address on file (never shown)."""
    old = _appraisal_of(appraisal_token_value(token, max_age_days=None))
    if old is not None and old.submitted_at:
        return _appraisal_used(request, old)
    school = old.placement.period.school_class.school if old else None
    today = timezone.localdate()
    can_resend = old is not None and appraisal_can_resend(old, today)
    if can_resend and request.method == "POST" and appraisal_resend(appraisal=old, today=today):
        message = "Un nouveau lien vient de vous être envoyé, à l’adresse du premier courriel."
        return _appraisal_closed(request, "Nouveau lien envoyé", message, 200, school)
    message = f"Le lien pour donner votre appréciation n’est valable que {APPRAISAL_LINK_DAYS} "
    message += "jours." if can_resend else "jours ; écrivez au bureau des entreprises du lycée."
    return _appraisal_closed(request, "Ce lien a expiré", message, 410, school, can_resend)


def _appraisal_used(request, appraisal):
    placement = appraisal.placement
    return _appraisal_closed(
        request,
        "Appréciation déjà donnée",
        f"Votre appréciation sur {placement.pupil.short_name} a été enregistrée le "
        f"{timezone.localtime(appraisal.submitted_at):%d/%m/%Y} : merci. Elle ne se modifie "
        "plus en ligne ; pour la compléter, écrivez au bureau des entreprises du lycée.",
        410,
        placement.period.school_class.school,
    )


def appraisal_page(request, token: str):
    """The tutor's appraisal of one pupil: no account, a link valid 30 days, answered once."""
    if rate_limited(request, "pfmp-appreciation", per_ip="30/h", per_key="10/h", key=token):
        return _appraisal_closed(request, "Trop d’envois en peu de temps", TOO_MANY, 429)
    try:
        appraisal = _appraisal_of(appraisal_token_value(token))
    except LinkExpired:
        return _appraisal_expired(request, token)
    except LinkError:
        return _appraisal_closed(
            request,
            "Lien non valable",
            "Ce lien n’est pas valide : il a peut-être été mal copié. Copiez-le en entier depuis "
            "le courriel reçu.",
            403,
        )
    if appraisal is None:
        return _appraisal_closed(
            request,
            "Lien non valable",
            "Ce lien ne mène plus à aucune appréciation : l’élève n’est plus dans les listes du "
            "lycée.",
            404,
        )
    placement = appraisal.placement
    school = placement.period.school_class.school
    if appraisal.submitted_at:
        return _appraisal_used(request, appraisal)
    most = placement.period.working_days
    form = AppraisalForm(request.POST or None, most_days=most, initial={"days_done": most})
    if request.method == "POST" and form.is_valid():
        try:
            appraisal_submit(appraisal=appraisal, **form.cleaned_data)
        except PfmpError as error:
            form.add_error(None, str(error))
        else:
            return render(
                request,
                "pfmp/appraisal.html",
                {"placement": placement, "school": school, "done": True},
            )
    return render(
        request,
        "pfmp/appraisal.html",
        {"placement": placement, "school": school, "form": form, "done": False},
    )
