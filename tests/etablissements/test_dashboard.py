"""The admin home is each role's to-do list: counts that link to the list of those rows."""

import datetime
import html as html_lib
import re

import pytest
from django.utils import timezone

from etablissements.roles import Role
from partenariats.models import Partnership
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.formations.factories import MentoringPairFactory, TutorTrainingFactory, in_days
from tests.offres.factories import SubmissionFactory, age
from tests.pacte import factories as pacte
from tests.partenariats.factories import PartnershipFactory

pytestmark = pytest.mark.django_db


def _lines(html: str) -> dict[str, dict]:
    """{key: {"count", "url", "text"}} of the to-do lines rendered on the page."""
    found = {}
    pattern = re.compile(
        r'data-todo="(?P<key>\w+)">\s*<a class="portal-todo__link" href="(?P<url>[^"]+)">\s*'
        r'<span class="portal-todo__count" data-count>(?P<count>\d+)</span>\s*'
        r'<span class="portal-todo__label">(?P<label>[^<]+)</span>\s*</a>\s*'
        r'(?:<span class="portal-todo__detail">(?P<detail>[^<]+)</span>)?'
    )
    for match in pattern.finditer(html):
        found[match["key"]] = {
            "count": int(match["count"]),
            "url": html_lib.unescape(match["url"]),
            "text": html_lib.unescape(match["label"]),
            "detail": html_lib.unescape(match["detail"] or ""),
        }
    return found


def _home(client, user) -> str:
    client.force_login(user)
    return client.get("/admin/").content.decode()


def _rbde_data(school, n=1):
    today = timezone.localdate()
    for _ in range(n):
        waiting = SubmissionFactory(schools=[school])
        age(waiting, 12)
        answered = SubmissionFactory(schools=[school])
        answered.addressees.update(status="acceptee")
        PartnershipFactory(
            school=school,
            status="actif",
            convention_signed_on=today - datetime.timedelta(days=700),
            convention_end=today + datetime.timedelta(days=30),
            last_interaction_on=today,
        )
        PartnershipFactory(
            school=school, status="en_sommeil", last_interaction_on=today - datetime.timedelta(300)
        )
        TutorTrainingFactory(school=school, starts_at=in_days(3))
        TutorTrainingFactory(school=school, starts_at=in_days(20))
        TutorTrainingFactory(school=school, past=True)


def test_the_rbde_sees_what_waits_for_them_with_counts(client):
    school, other = SchoolFactory(), SchoolFactory()
    rbde = staff_user(school, Role.RBDE)
    _rbde_data(school)
    _rbde_data(other, n=2)  # another school's rows are not counted

    lines = _lines(_home(client, rbde))

    waiting = lines["propositions_en_attente"]
    assert waiting["count"] == 1
    assert waiting["text"] == "proposition d’entreprise attend votre réponse"
    assert waiting["detail"] == "la plus ancienne attend depuis 12 jours"
    assert lines["conventions_fin"]["count"] == 1
    assert lines["partenariats_silencieux"]["count"] == 1
    assert lines["sessions_semaine"]["count"] == 1
    assert lines["presences_manquantes"]["count"] == 1
    # The RBDE's panel comes first on the page, above Wagtail's own panels.
    page = _home(client, rbde)
    assert page.index("Bureau des entreprises : à faire") < page.index("Partenariats de l")


@pytest.mark.parametrize(
    "key",
    [
        "propositions_en_attente",
        "conventions_fin",
        "partenariats_silencieux",
        "sessions_semaine",
        "presences_manquantes",
    ],
)
def test_each_rbde_line_opens_the_list_of_exactly_those_rows(client, key):
    school = SchoolFactory()
    rbde = staff_user(school, Role.RBDE)
    _rbde_data(school, n=2)
    line = _lines(_home(client, rbde))[key]

    listing = client.get(line["url"]).content.decode()

    rows = re.findall(r'<tr[^>]*>\s*<td class="[^"]*title', listing)
    assert len(rows) == line["count"] == 2, listing[:3000]


def test_the_teacher_sees_their_sessions_attendance_checkins_and_bilan(client):
    school = SchoolFactory()
    teacher = pacte.teacher(school)
    pacte.engagement(school, user=teacher)
    TutorTrainingFactory(school=school, starts_at=in_days(2), leaders=[teacher])
    TutorTrainingFactory(school=school, past=True, leaders=[teacher])
    TutorTrainingFactory(school=school, past=True)  # led by someone else
    MentoringPairFactory(school=school, teacher=teacher)

    lines = _lines(_home(client, teacher))

    assert lines["mes_sessions_semaine"]["count"] == 1
    assert lines["mes_presences"]["count"] == 1
    assert lines["mes_presences"]["text"] == "feuille de présence à remplir"
    assert lines["points_mentorat"]["count"] == 1
    bilan = lines["mon_bilan"]
    assert bilan["text"] == "bilan d’activité du Pacte à remettre"
    assert bilan["detail"].startswith("avant le 31/08/2027, dans ")
    assert "/bilans/" in bilan["url"]  # the Pacte's bilans, one per mission
    assert "propositions_en_attente" not in lines  # no RBDE line for a teacher


def test_the_direction_sees_letters_and_bilans_to_validate(client):
    from pacte.services import mission_letter_prepare, report_submit

    school = SchoolFactory()
    boss = pacte.direction(school)
    first = pacte.engagement(school, by=boss)
    second = pacte.engagement(school, by=boss)
    mission_letter_prepare(engagement=first)
    mission_letter_prepare(engagement=second)
    report_submit(
        engagement=second,
        mission=pacte.lien_of(second),
        by=second.teacher,
        comments="Deux sessions menées.",
    )

    lines = _lines(_home(client, boss))

    assert lines["lettres_a_valider"]["count"] == 2
    assert lines["bilans_remis"]["count"] == 1
    assert lines["bilans_remis"]["text"] == "bilan d’activité remis, à valider"
    assert lines["pacte_chiffres"]["count"] == 2
    assert lines["pacte_chiffres"]["detail"] == "12\u00a0parts fonctionnelles au total"


def test_nothing_to_do_is_said_plainly(client):
    school = SchoolFactory()
    rbde = staff_user(school, Role.RBDE)

    page = _home(client, rbde)

    assert "Rien ne vous attend aujourd’hui." in page
    assert all(line["count"] == 0 for line in _lines(page).values())


@pytest.mark.parametrize("role", [Role.RBDE, Role.TEACHER, Role.DIRECTION])
def test_the_home_queries_do_not_grow_with_the_rows(client, role, django_assert_max_num_queries):
    school = SchoolFactory()
    user = staff_user(school, role)
    client.force_login(user)
    _rbde_data(school)
    pacte.quick_engagements(school, 2)
    client.get("/admin/")
    with django_assert_max_num_queries(30) as small:
        client.get("/admin/")
    _rbde_data(school, n=10)
    pacte.quick_engagements(school, 15)
    Partnership.objects.update(teacher=user)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/admin/")


def test_a_count_of_zero_reads_the_singular(client):
    """French says "0 fiche … en double", as "1 fiche", not "0 fiches"."""
    school = SchoolFactory()
    lines = _lines(_home(client, staff_user(school, Role.RBDE)))

    assert lines["doublons_a_examiner"]["count"] == 0
    assert lines["doublons_a_examiner"]["text"].startswith("fiche d’entreprise en double")


PAGE_TABLES = ("wagtailcore_pagelogentry", "wagtailcore_taskstate", "wagtailcore_workflowstate")


def _tables_read(captured) -> list[str]:
    return [t for t in PAGE_TABLES if any(t in q["sql"] for q in captured.captured_queries)]


@pytest.mark.parametrize("role", [Role.RBDE, Role.TEACHER, Role.DIRECTION])
def test_staff_who_edit_no_pages_get_no_page_panels(client, role, django_assert_max_num_queries):
    """Wagtail's panels about pages (locked, in moderation, recently edited) are not drawn, nor
    queried, for those who edit no page; an editor of pages keeps them."""
    school = SchoolFactory()
    client.force_login(staff_user(school, role))
    client.get("/admin/")
    with django_assert_max_num_queries(30) as staff:
        page = client.get("/admin/").content.decode()
    # (Read now: the next request empties the connection's log of queries.)
    read_by_staff = _tables_read(staff)
    client.force_login(staff_user(school, role, is_superuser=True))
    client.get("/admin/")
    with django_assert_max_num_queries(40) as page_editor:
        client.get("/admin/")
    read_by_editor = _tables_read(page_editor)

    assert "data-todo=" in page  # the to-do list is there
    assert read_by_staff == []
    assert read_by_editor == list(PAGE_TABLES)
