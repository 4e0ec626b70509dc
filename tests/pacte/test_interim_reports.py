"""The year's interim bilans (January and April from 2025-2026): dates as data, the note the
teacher writes for each mission, the reminders, and what the pages say."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from pacte.models import InterimReport
from pacte.services import PacteError, interim_report_write
from tests.outbox import mail
from tests.pacte.factories import (
    SchoolFactory,
    direction,
    engagement,
    lien_of,
    rbde,
    teacher,
    year,
)
from tests.pacte.test_reminders import on_the_day

pytestmark = pytest.mark.django_db

CODES = ["pacte_bilan_intermediaire", "pacte_bilans_intermediaires_direction"]
YEAR = "2025-2026"


def write_all(eng, text="Deux sessions faites, une prévue en mars."):
    for part in eng.parts.select_related("mission"):
        interim_report_write(
            engagement=eng, mission=part.mission, stage="premier", text=text, by=eng.teacher
        )


@pytest.fixture
def school_2025():
    school = SchoolFactory(name="LP Roland-Garros")
    boss = direction(school, email="direction@lycee.example")
    rbde(school, email="rbde@lycee.example")
    alice = teacher(school, email="alice@lycee.example", first_name="Alice", last_name="Aubert")
    bruno = teacher(school, email="bruno@lycee.example", first_name="Bruno", last_name="Blanc")
    return (
        school,
        boss,
        engagement(school, user=alice, by=boss, school_year=year(YEAR)),
        engagement(school, user=bruno, by=boss, school_year=year(YEAR)),
    )


def test_the_interim_dates_are_data_of_the_year_and_2024_2025_has_none():
    assert year("2024-2025").interim_reports() == []
    assert year("2023-2024").interim_reports() == []
    first, second = datetime.date(2026, 1, 30), datetime.date(2026, 4, 30)
    assert year(YEAR).interim_reports() == [("premier", first), ("second", second)]
    assert year("2026-2027").interim_reports() == [
        ("premier", datetime.date(2027, 1, 29)),
        ("second", datetime.date(2027, 4, 30)),
    ]
    # The next one, seen from a day: the date itself still counts, the day after does not.
    assert year(YEAR).next_interim_report(first) == ("premier", first)
    assert year(YEAR).next_interim_report(first + datetime.timedelta(days=1)) == ("second", second)
    assert year(YEAR).next_interim_report(second + datetime.timedelta(days=1)) is None


def test_an_interim_date_outside_the_year_or_out_of_order_is_refused():
    rules = year(YEAR)
    rules.second_interim_report_on = datetime.date(2026, 1, 15)
    with pytest.raises(ValidationError, match="Le second bilan intermédiaire suit le premier"):
        rules.full_clean()
    rules.second_interim_report_on = datetime.date(2026, 9, 15)
    with pytest.raises(ValidationError, match="pendant l’année"):
        rules.full_clean()


def test_the_teacher_writes_a_note_per_mission_and_others_cannot(school_2025):
    school, boss, eng, other = school_2025
    lien = lien_of(eng)
    note = interim_report_write(
        engagement=eng, mission=lien, stage="premier", text="  Une session faite.  ", by=eng.teacher
    )
    assert note.text == "Une session faite." and note.written_by == eng.teacher
    # Written again: the same note, rewritten (one per mission and stage).
    interim_report_write(
        engagement=eng, mission=lien, stage="premier", text="Deux sessions.", by=eng.teacher
    )
    assert InterimReport.objects.get(engagement=eng, mission=lien).text == "Deux sessions."

    with pytest.raises(PacteError, match="Seul l’enseignant concerné"):
        interim_report_write(engagement=eng, mission=lien, stage="premier", text="x", by=boss)
    with pytest.raises(PacteError, match="Seul l’enseignant concerné"):
        interim_report_write(
            engagement=eng, mission=lien, stage="premier", text="x", by=other.teacher
        )
    with pytest.raises(PacteError, match="Écrivez où en est la mission"):
        interim_report_write(
            engagement=eng, mission=lien, stage="second", text="  ", by=eng.teacher
        )
    with pytest.raises(PacteError, match="ne prévoit pas ce bilan intermédiaire"):
        interim_report_write(
            engagement=eng, mission=lien, stage="troisième", text="x", by=eng.teacher
        )
    old = engagement(school, user=eng.teacher, by=boss, school_year=year("2024-2025"))
    with pytest.raises(PacteError, match="L’année 2024-2025 ne prévoit pas"):
        interim_report_write(
            engagement=old, mission=lien_of(old), stage="premier", text="x", by=eng.teacher
        )
    assert InterimReport.objects.count() == 1


def test_the_reminders_go_14_and_3_days_before_to_the_teacher_and_the_direction(
    school_2025, monkeypatch
):
    run = on_the_day(monkeypatch)
    _, _, eng_alice, eng_bruno = school_2025
    write_all(eng_bruno)  # Bruno wrote the note of each of his missions: nothing for him
    interim_report_write(
        engagement=eng_alice,
        mission=lien_of(eng_alice),
        stage="premier",
        text="Une session faite.",
        by=eng_alice.teacher,
    )  # Alice wrote one of six
    # Another school: its teacher wrote everything, its direction is not told of Alice.
    elsewhere = engagement(SchoolFactory(), school_year=year(YEAR))
    direction(elsewhere.school, email="direction@ailleurs.example")
    write_all(elsewhere)
    mail.outbox.clear()

    assert run(datetime.date(2026, 1, 15), CODES) == []  # J-15: not yet
    sent = run(datetime.date(2026, 1, 16), CODES)  # J-14
    assert sorted(m.to[0] for m in sent) == ["alice@lycee.example", "direction@lycee.example"]
    to_alice = next(m for m in sent if m.to == ["alice@lycee.example"])
    assert to_alice.subject == "Votre bilan intermédiaire du Pacte est à écrire avant le 30/01/2026"
    assert "premier bilan intermédiaire du Pacte 2025-2026 (LP Roland-Garros)" in to_alice.body
    assert "attendu le 30 janvier 2026" in to_alice.body
    assert lien_of(eng_alice).action not in to_alice.body  # written: not listed
    assert f"/admin/pacte/engagement/{eng_alice.pk}/bilans/" in to_alice.body
    to_boss = next(m for m in sent if m.to == ["direction@lycee.example"])
    assert to_boss.subject == "Bilan intermédiaire du Pacte pas encore écrit par Alice Aubert"
    assert "pour 5 missions sur 6" in to_boss.body

    assert run(datetime.date(2026, 1, 20), CODES) == []  # same notice: never twice
    assert len(run(datetime.date(2026, 1, 27), CODES)) == 2  # J-3
    assert run(datetime.date(2026, 1, 31), CODES) == []  # the day after: over

    # The second one, in April: Bruno has not written it yet.
    sent = run(datetime.date(2026, 4, 16), CODES)
    ours = sorted(m.to[0] for m in sent if m.to[0].endswith("@lycee.example"))
    assert ours == ["alice@lycee.example", "bruno@lycee.example", "direction@lycee.example"]
    # The other school's direction hears of its own teacher only.
    [theirs] = [m for m in sent if m.to == ["direction@ailleurs.example"]]
    assert "Alice Aubert" not in theirs.body and "Bruno Blanc" not in theirs.body
    to_boss = next(m for m in sent if m.to == ["direction@lycee.example"])
    assert to_boss.subject == "2 bilans intermédiaires du Pacte pas encore écrits"  # one mail
    assert "Bruno Blanc" in to_boss.body and "Alice Aubert" in to_boss.body
    assert "second bilan intermédiaire" in to_boss.body


def test_a_note_written_after_planning_stops_the_mail(school_2025, monkeypatch):
    from rappels.services import reminders_plan, reminders_scan, reminders_send_batch
    from tests.outbox import deliver
    from tests.pacte.test_reminders import at

    _, _, eng_alice, eng_bruno = school_2025
    write_all(eng_bruno)
    day = datetime.date(2026, 1, 27)
    monkeypatch.setattr(timezone, "now", lambda: at(day))
    mail.outbox.clear()
    reminders_plan(today=day, now=at(day), codes=CODES)
    write_all(eng_alice)  # written between planning and sending
    for token in reminders_scan(now=at(day), dispatch=False).tokens:
        reminders_send_batch(token=token)
    deliver()
    assert mail.outbox == []


def test_a_year_without_interim_dates_sends_nothing(school_2025, monkeypatch):
    run = on_the_day(monkeypatch)
    school, boss, eng, _ = school_2025
    engagement(school, user=teacher(school), by=boss, school_year=year("2024-2025"))
    for day in (datetime.date(2025, 1, 17), datetime.date(2025, 1, 28), datetime.date(2025, 4, 17)):
        assert run(day, CODES) == []


def test_the_pages_show_the_next_interim_bilan_and_the_teacher_writes_it(
    client, school_2025, monkeypatch
):
    monkeypatch.setattr(timezone, "localdate", lambda *a, **k: datetime.date(2026, 1, 10))
    school, boss, eng, other = school_2025
    lien = lien_of(eng)
    client.force_login(eng.teacher)

    html = client.get("/admin/pacte/ma-mission/?annee=2025-2026").content.decode()
    assert "Prochain bilan intermédiaire : <strong>30 janvier 2026</strong>" in html
    assert "À écrire, depuis la page du bilan, pour 6 missions" in html

    url = f"/admin/pacte/engagement/{eng.pk}/bilans/{lien.pk}/"
    html = client.get(url).content.decode()
    assert "Premier bilan intermédiaire, attendu le 30 janvier 2026" in html
    assert "Second bilan intermédiaire, attendu le 30 avril 2026" in html
    html = client.post(url + "intermediaire/premier/", {"text": ""}, follow=True)
    assert "Écrivez où en est la mission." in html.content.decode()
    html = client.post(
        url + "intermediaire/premier/", {"text": "Une session faite, deux prévues."}, follow=True
    ).content.decode()
    assert "Bilan intermédiaire enregistré." in html
    assert "Une session faite, deux prévues." in html
    html = client.get("/admin/pacte/ma-mission/?annee=2025-2026").content.decode()
    assert "pour 5 missions" in html and lien.action not in html.split("Prochain bilan")[1][:400]

    # Another teacher cannot write on it; the direction reads it but has no form.
    client.force_login(other.teacher)
    assert client.post(url + "intermediaire/premier/", {"text": "x"}).status_code == 404
    client.force_login(boss)
    html = client.get(url).content.decode()
    assert "Une session faite, deux prévues." in html
    assert 'name="text"' not in html
    html = client.get("/admin/pacte/?annee=2025-2026").content.decode()
    assert "Prochain bilan intermédiaire : <strong>30 janvier 2026</strong>" in html
    assert "2 Pactes ont encore une mission sans bilan intermédiaire" in html
    assert "Premier bilan intermédiaire : 5 missions sans note" in html

    # In 2024-2025 (no interim bilan), none of it.
    html = client.get("/admin/pacte/?annee=2024-2025").content.decode()
    assert "bilan intermédiaire" not in html
