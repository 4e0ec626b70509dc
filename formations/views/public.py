"""The public calendar and a session's page (registration), its iCalendar and the feeds."""

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone

from common.dates import french_time
from common.links import url_maker
from common.ratelimits import TOO_MANY, rate_limited
from entreprises.maps import map_context, point
from entreprises.wording import count_text
from etablissements.models import School
from etablissements.validators import normalize_uai

from .. import calendar as calendar_ics
from .. import links, services
from ..calendar_cache import CalendarPaginator, filter_fields_html
from ..filters import TrainingCalendarFilter
from ..forms import RegistrationForm
from ..models import (
    Registration,
    RegistrationStatus,
    TutorTraining,
)
from ..services import FormationError

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
    return rate_limited(request, group, per_ip=LINK_PER_IP, per_key=LINK_PER_TOKEN, key=token)


def _apply_error(form, error: FormationError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


# Public calendar ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """What a session's card shows, worked out in Python: the card is then plain text in one
    loop of the calendar's template (no include, no filter, no URL reversed per card)."""

    pk: int
    title: str
    url: str
    ics_url: str
    topics: list[str]
    when: str
    place: str
    school: str
    diplomas: str
    full: bool
    places_left: str
    # This browser registered to it (« inscrit », « liste_attente »): the card says so.
    my_status: str = ""


DAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
          "octobre", "novembre", "décembre"]  # fmt: skip


def _day(moment: datetime.datetime) -> str:
    """ "1er décembre 2026", as `french_date` writes it, without Django's formatter (ten cards)."""
    day = "1er" if moment.day == 1 else str(moment.day)
    return f"{day} {MONTHS[moment.month - 1]} {moment.year}"


def _hour(moment: datetime.datetime) -> str:
    return french_time(moment)  # as the templates' date_fr:"H\hi"


def _cards(sessions: list[TutorTraining], mine: dict[int, str]) -> list[Card]:
    diplomas: dict[int, list[str]] = {}
    rows = (
        TutorTraining.diplomas.through.objects.filter(tutortraining_id__in=[t.pk for t in sessions])
        .order_by("diploma__kind", "diploma__label")
        .values_list("tutortraining_id", "diploma__kind", "diploma__label")
    )
    for training_id, kind, label in rows:
        diplomas.setdefault(training_id, []).append(f"{kind} {label}".strip() if kind else label)
    detail_url = url_maker("formations:training_detail")
    ics_url = url_maker("formations:training_ics")
    cards = []
    for t in sessions:
        start, end = timezone.localtime(t.starts_at), timezone.localtime(t.ends_at)
        cards.append(
            Card(
                pk=t.pk,
                title=t.title,
                url=detail_url(t.pk),
                ics_url=ics_url(t.pk),
                topics=t.topic_labels,
                when=f"{DAYS[start.weekday()]} {_day(start)}, de {_hour(start)} à {_hour(end)}",
                place=t.place or "À distance (le lien est envoyé aux inscrits)",
                school=f"{t.school.name} ({t.school.town})",
                diplomas=", ".join(diplomas.get(t.pk, [])),
                full=t.places_taken >= t.capacity,
                places_left=t.places_left_text,
                my_status=mine.get(t.pk, ""),
            )
        )
    return cards


def calendar(request):
    """Upcoming sessions of every school, filtered and paginated in the database."""
    # The page's schools read for its rows (a prefetch): joined, PostgreSQL sorted every upcoming
    # session instead of reading the page along the calendar's index.
    queryset = (
        TutorTraining.objects.upcoming().prefetch_related("school").order_by("starts_at", "pk")
    )
    filterset = TrainingCalendarFilter(request.GET or None, queryset=queryset)
    trainings = filterset.qs if filterset.is_bound and filterset.is_valid() else queryset
    # Counted and paginated without the registrations; the places of this page's sessions only.
    filters = {}
    if filterset.is_bound:
        filters = filterset.form.cleaned_data if filterset.is_valid() else None
    page_obj = CalendarPaginator(trainings, PAGE_SIZE, filters=filters).get_page(
        request.GET.get("page")
    )
    sessions = list(page_obj.object_list)
    counts = {
        row["pk"]: row
        for row in TutorTraining.objects.filter(pk__in=[t.pk for t in sessions])
        .with_counts()
        .values("pk", "places_taken", "waiting_count")
    }
    mine = _remembered_statuses(request, sessions)
    for training in sessions:
        training.places_taken = counts[training.pk]["places_taken"]
        training.waiting_count = counts[training.pk]["waiting_count"]
    cards = _cards(sessions, mine)
    # Where each session takes place: its school, for the sessions held there (not remote).
    points = [
        point(
            name=t.title,
            latitude=t.school.latitude,
            longitude=t.school.longitude,
            url=card.url,
            detail=f"{t.school.name}, {_day(timezone.localtime(t.starts_at))}",
        )
        for t, card in zip(sessions, cards, strict=True)
        if t.place
    ]
    return render(
        request,
        "formations/calendar.html",
        {
            "filter": filterset,
            "page_obj": page_obj,
            "cards": cards,
            "sessions_count_text": count_text(
                page_obj.paginator.count, "session à venir", "sessions à venir"
            ),
            **map_context(
                [p for p in points if p],
                label="Carte des lieux des sessions de cette page ; la liste qui suit donne les "
                "mêmes informations.",
            ),
            "filter_fields": filter_fields_html(filterset),
            # The feeds of the schools on this page (at most a page's worth), not of every school.
            "feed_schools": sorted({t.school for t in sessions}, key=lambda school: school.name),
        },
    )


SESSION_KEY = "formations_inscriptions"


FEED_PAST_DAYS = 30


def _remember_registration(request, registration) -> None:
    """This browser registered: the session page then shows the registration, not the form."""
    kept = request.session.get(SESSION_KEY, {})
    kept[str(registration.training_id)] = str(registration.token)
    request.session[SESSION_KEY] = kept


def _remembered_statuses(request, trainings) -> dict[int, str]:
    """{training id: status} of this browser's live registrations among `trainings` (1 query)."""
    kept = request.session.get(SESSION_KEY, {}) if hasattr(request, "session") else {}
    tokens = [kept[str(t.pk)] for t in trainings if str(t.pk) in kept]
    if not tokens:
        return {}
    return dict(
        Registration.objects.filter(token__in=tokens, training__in=[t.pk for t in trainings])
        .exclude(status=RegistrationStatus.CANCELLED)
        .values_list("training_id", "status")
    )


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
    limited = rate_limited(
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
    school = get_object_or_404(School, uai=normalize_uai(uai))
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
