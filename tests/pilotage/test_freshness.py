"""Issue 27 §7: figures a person just caused show within a minute, or the page says when they
were computed and offers to recompute (queued for a worker, never run in the request)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from common.dates import french_time
from common.queue import task_debounce_release
from pilotage import tasks
from pilotage.freshness import indicators_refresh_pending
from pilotage.models import AcademyYearFigures
from pilotage.services import indicators_refresh, year_start_of
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.partenariats.factories import InteractionFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

URL = "/admin/pilotage/"
RECOMPUTE = reverse("pilotage_admin:dashboard_recompute")
CURRENT = year_start_of(timezone.localdate())


@pytest.fixture
def queued(monkeypatch):
    """The refreshes sent to the broker (their countdown), instead of sending them."""
    calls = []
    monkeypatch.setattr(
        tasks.indicators_refresh, "apply_async", lambda **kw: calls.append(kw.get("countdown"))
    )
    return calls


@pytest.fixture
def computed(school_a):
    training = TutorTrainingFactory(school=school_a, past=True)
    indicators_refresh()
    return training


def tutors_trained(page: str) -> str:
    return re.search(r"<li><strong>(\d+)</strong> tuteurs? formés?</li>", page).group(1)


def test_the_page_says_when_the_figures_were_computed(client, computed, direction_a):
    client.force_login(direction_a)
    page = client.get(URL).content.decode()
    at = timezone.localtime(AcademyYearFigures.objects.first().refreshed_at)
    assert f"Chiffres calculés le {at:%d/%m/%Y} à {french_time(at)}." in page  # « à 17 h 49 »
    assert "Recalculer maintenant" in page and f'action="{RECOMPUTE}"' in page


def test_recompute_is_queued_and_the_tutor_just_trained_then_shows(
    client, computed, direction_a, queued, django_capture_on_commit_callbacks
):
    client.force_login(direction_a)
    RegistrationFactory(training=computed, present=True)  # the teacher's attendance sheet
    assert tutors_trained(client.get(URL).content.decode()) == "0"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(RECOMPUTE, {"retour": f"annee={CURRENT}&x=1"})
    assert response.url == f"{URL}?annee={CURRENT}"
    page = client.get(response.url).content.decode()
    assert "Recalcul des indicateurs demandé : les chiffres seront à jour d’ici une minute." in page
    assert "Recalcul en attente : rechargez la page d’ici une minute." in page
    # Queued for a worker, not run in the request.
    assert queued == [0] and tutors_trained(page) == "0"
    tasks.indicators_refresh()  # what the worker runs
    page = client.get(URL).content.decode()
    assert tutors_trained(page) == "1" and "Recalcul en attente" not in page


def test_one_recompute_waits_at_a_time_and_a_person_asks_a_few_an_hour(
    client, computed, direction_a, queued, django_capture_on_commit_callbacks
):
    client.force_login(direction_a)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(RECOMPUTE)
    page = client.post(RECOMPUTE, follow=True).content.decode()
    assert "Un recalcul des indicateurs est déjà en attente" in page and queued == [0]
    for _ in range(4):
        tasks.indicators_refresh()
        with django_capture_on_commit_callbacks(execute=True):
            client.post(RECOMPUTE)
    assert len(queued) == 5
    tasks.indicators_refresh()
    page = client.post(RECOMPUTE, follow=True).content.decode()
    assert "Vous avez demandé plusieurs recalculs en peu de temps" in page and len(queued) == 5


def test_only_who_sees_the_indicators_may_recompute(client, computed, rbde_a, queued):
    client.force_login(rbde_a)
    response = client.post(RECOMPUTE, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/"
    assert "Recalcul des indicateurs demandé" not in response.content.decode()
    assert queued == []


def test_the_writes_that_count_queue_one_refresh_within_the_minute(
    settings, school_a, queued, django_capture_on_commit_callbacks
):
    settings.INDICATORS_REFRESH_DELAY_SECONDS = 30
    partnership = PartnershipFactory(school=school_a)
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
        RegistrationFactory(training=TutorTrainingFactory(school=school_a), present=True)
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    # The writes of those 30 seconds share one run.
    assert queued == [30]
    tasks.indicators_refresh()
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    assert queued == [30, 30]


def test_the_direction_counts_0_distinct_partners_in_a_year_without_any(
    client, school_a, direction_a
):
    """« — » only where a figure cannot be known, never for a year with no interaction."""
    partnership = PartnershipFactory(school=school_a)
    InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    indicators_refresh()
    client.force_login(direction_a)
    page = client.get(URL).content.decode()
    table = page.split("Évolution par année scolaire")[1].split("</table>")[0]
    rows = dict(re.findall(r'<th scope="row">([\d-]+)</th>(.*?)</tr>', table, re.S))
    assert len(rows) == 5
    for label, cells in rows.items():
        last = re.findall(r"<td>([^<]*)</td>", cells)[-1]
        assert last == ("1" if label == f"{CURRENT}-{CURRENT + 1}" else "0"), label


def test_a_broker_that_does_not_answer_costs_the_writer_nothing(
    settings, school_a, monkeypatch, django_capture_on_commit_callbacks
):
    settings.INDICATORS_REFRESH_DELAY_SECONDS = 30

    def down(**kwargs):
        raise OSError("broker down")

    monkeypatch.setattr(tasks.indicators_refresh, "apply_async", down)
    partnership = PartnershipFactory(school=school_a)
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    # Nothing counts as waiting: the next write tries again.
    assert not indicators_refresh_pending()


def test_a_long_refresh_spaces_the_next_one_by_ten_times_its_length(
    settings, school_a, queued, django_capture_on_commit_callbacks, monkeypatch
):
    """At national size a run takes some 40 s: writes all day must not keep a worker at it."""
    from django.core.cache import cache

    from pilotage import freshness

    settings.INDICATORS_REFRESH_DELAY_SECONDS = 30
    partnership = PartnershipFactory(school=school_a)
    now = 1_800_000_000.0
    monkeypatch.setattr(freshness.time, "time", lambda: now)
    cache.set(tasks.LAST_RUN_KEY, (now - 100, 40.0), timeout=None)  # began 100 s ago, took 40 s
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    assert queued == [300]  # 10 × 40 s after its start: 300 s from now, not 30
    task_debounce_release(freshness.REFRESH_KEY)  # that refresh ran
    cache.set(tasks.LAST_RUN_KEY, (now - 100, 0.05), timeout=None)  # the demo's size
    with django_capture_on_commit_callbacks(execute=True):
        InteractionFactory(partnership=partnership, occurred_on=timezone.localdate())
    assert queued == [300, 30]


def test_the_refresh_records_when_it_ran_and_how_long(school_a):
    from django.core.cache import cache

    cache.delete(tasks.LAST_RUN_KEY)
    tasks.indicators_refresh()
    started, seconds = cache.get(tasks.LAST_RUN_KEY)
    assert abs(started - timezone.now().timestamp()) < 60 and 0 <= seconds < 60
