"""The RBDE's board, seen through the screens: the coming periods and their pupils without a
place, placing one with the suggestions, a pupil's history, the to-do line, the import."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.models import ModelLogEntry

from etablissements.roles import Role
from pfmp.models import Placement, Pupil
from pfmp.selectors import suggestions
from pfmp.services import placement_assign, placement_set_status
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import PartnershipFactory

from .factories import PeriodFactory, PupilFactory, SchoolClassFactory, placement_offer, tutor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def today():
    return timezone.localdate()


@pytest.fixture
def period(today):
    school = SchoolFactory(latitude="43.60000", longitude="1.44000")
    melec = SchoolClassFactory(school=school, name="1MELEC", trade="MELEC")
    start = today + datetime.timedelta(days=15)
    return PeriodFactory(school_class=melec, start=start, end=start + datetime.timedelta(27))


@pytest.fixture
def rbde(client, period):
    user = staff_user(period.school_class.school, Role.RBDE)
    client.force_login(user)
    return user


def test_the_board_and_the_dashboard_say_how_many_pupils_have_no_place(client, rbde, period):
    pupils = PupilFactory.create_batch(12, school_class=period.school_class)
    placed = placement_assign(pupil=pupils[0], period=period, company=CompanyFactory())
    placement_set_status(placement=placed, status="accord")
    PupilFactory.create_batch(13)  # another school's class
    PupilFactory()
    board = client.get("/admin/pfmp/tableau/").content.decode()
    assert "11 élèves sans lieu sur 12" in board
    assert "début dans 15 jours" in board
    assert "Page 1 sur 1" not in board  # a pager only when there is a second page
    home = client.get("/admin/").content.decode()
    assert "élèves de 1MELEC sans lieu de PFMP" in home
    assert "data-count>11</span>" in home
    page = client.get(f"/admin/pfmp/tableau/periode/{period.pk}/").content.decode()
    assert page.count("Placer</a>") == 11
    assert pupils[1].last_name in page


def test_the_board_asks_a_fixed_number_of_queries(
    client, rbde, period, django_assert_max_num_queries
):
    for _ in range(3):
        PeriodFactory(
            school_class=SchoolClassFactory(school=period.school_class.school),
            start=period.start,
            end=period.end,
        )
    PupilFactory.create_batch(5, school_class=period.school_class)
    client.get("/admin/pfmp/tableau/")  # warm the caches (menu, permissions)
    with django_assert_max_num_queries(14) as small:
        client.get("/admin/pfmp/tableau/")
    PupilFactory.create_batch(30, school_class=period.school_class)
    for _ in range(10):
        PeriodFactory(
            school_class=SchoolClassFactory(school=period.school_class.school),
            start=period.start,
            end=period.end,
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/admin/pfmp/tableau/")


def test_suggestions_partners_with_places_left_nearest_first_then_prospects(period):
    school = period.school_class.school
    far = placement_offer(
        school,
        CompanyFactory(name="Loin", latitude="45.76000", longitude="4.83000", naf_code="43.21A"),
        diploma="Bac pro MELEC",
    )
    placement_offer(
        school,
        CompanyFactory(name="Près", latitude="43.61000", longitude="1.45000", naf_code="43.21A"),
        diploma="bac pro melec",
        period1_start=period.start.isoformat(),
        period1_end=period.end.isoformat(),
    )
    full = placement_offer(school, CompanyFactory(name="Pleine"), places=1, diploma="MELEC")
    placement_assign(
        pupil=PupilFactory(school_class=period.school_class), period=period, company=full.company
    )
    placement_offer(school, CompanyFactory(name="Cuisine"), diploma="CAP cuisine")
    placement_offer(SchoolFactory(), CompanyFactory(name="Autre lycée"), diploma="MELEC")
    PartnershipFactory(
        school=school, prospect=True, company=CompanyFactory(name="Prospect", naf_code="43.21A")
    )
    PartnershipFactory(
        school=school, prospect=True, company=CompanyFactory(name="Boulangerie", naf_code="10.71C")
    )
    found = suggestions(period=period)
    assert [(s.company.name, s.places_left, s.prospect) for s in found] == [
        ("Près", 2, False),
        ("Loin", 2, False),
        ("Prospect", 0, True),
    ]
    assert found[0].distance_text == "1 km" and far.pk


def test_placing_a_pupil_from_a_suggestion(client, rbde, period):
    school = period.school_class.school
    offer = placement_offer(school, CompanyFactory(name="Élec Sud"), diploma="MELEC")
    tutor = tutor_of(offer.company, first_name="Paul", last_name="Tuteur")
    pupil = PupilFactory(school_class=period.school_class)
    url = f"/admin/pfmp/tableau/periode/{period.pk}/eleve/{pupil.pk}/placer/"
    assert "Élec Sud" in client.get(url).content.decode()
    chosen = client.get(url, {"entreprise": offer.company.pk}).content.decode()
    assert "Paul Tuteur" in chosen
    assert "à désigner plus tard</option>" in chosen and "---------" not in chosen
    response = client.post(url, {"entreprise": offer.company.pk, "tutor": tutor.pk}, follow=True)
    assert f"Piste notée : {pupil} chez Élec Sud." in response.content.decode()
    placement = Placement.objects.get(pupil=pupil)
    response = client.post(f"/admin/pfmp/tableau/periode/{period.pk}/prevenir/", follow=True)
    assert "1 courriel aux entreprises dans la file d’envoi." in response.content.decode()
    assert (placement.status, placement.tutor, placement.offer) == ("piste", tutor, offer)
    history = client.get(f"/admin/pfmp/tableau/eleve/{pupil.pk}/").content.decode()
    assert "à trouver → piste" in history and "Élec Sud" in history
    board = " ".join(
        client.get(f"/admin/pfmp/tableau/periode/{period.pk}/").content.decode().split()
    )
    assert f'{url}"> Changer d’entreprise</a>' in board  # a piste: another company may come
    client.post(
        f"/admin/pfmp/tableau/placement/{placement.pk}/statut/",
        {"status": "abandon", "reason": ""},
    )
    assert Placement.objects.get(pk=placement.pk).status == "piste"  # refused: no reason
    client.post(
        f"/admin/pfmp/tableau/placement/{placement.pk}/statut/",
        {"status": "accord"},
    )
    assert Placement.objects.get(pk=placement.pk).status == "accord"


def test_another_schools_rbde_reaches_none_of_it(client, period):
    pupil = PupilFactory(school_class=period.school_class, last_name="Secret")
    client.force_login(staff_user(SchoolFactory(), Role.RBDE))
    for url in (
        f"/admin/pfmp/tableau/periode/{period.pk}/",
        f"/admin/pfmp/tableau/eleve/{pupil.pk}/",
        f"/admin/pfmp/tableau/periode/{period.pk}/eleve/{pupil.pk}/placer/",
        f"/admin/pfmp/eleves/edit/{pupil.pk}/",
    ):
        assert client.get(url).status_code == 404, url
    assert "Secret" not in client.get("/admin/pfmp/eleves/").content.decode()
    assert "Secret" not in client.get("/admin/pfmp/tableau/").content.decode()


def test_a_teacher_reaches_no_board_and_an_anonymous_visitor_is_sent_to_log_in(client, period):
    client.force_login(staff_user(period.school_class.school, Role.TEACHER))
    assert client.get("/admin/pfmp/tableau/").status_code in (302, 403)
    client.logout()
    assert client.get("/admin/pfmp/tableau/").status_code == 302


def test_importing_a_class_list_through_the_screens(client, rbde, period):
    upload = "NOM;Prénom;Classe\nMARTIN;Léa;1MELEC\nDUPONT;Hugo;1MELEX\n".encode("cp1252")
    preview = client.post(
        "/admin/pfmp/tableau/importer/",
        {"file": SimpleUploadedFile("liste.csv", upload), "school_year": "2026-2027"},
    ).content.decode()
    assert "Classe inconnue : « 1MELEX »" in preview
    assert not Pupil.objects.exists()
    client.post("/admin/pfmp/tableau/importer/", {"confirm": "1"})
    assert list(Pupil.objects.values_list("last_name", flat=True)) == ["MARTIN"]


def test_a_pupil_deleted_by_hand_leaves_no_name_in_the_admin_history(client, rbde, period):
    response = client.post(
        "/admin/pfmp/eleves/new/",
        {"school_class": period.school_class.pk, "last_name": "Oubli", "first_name": "Zoé"},
    )
    assert response.status_code == 302
    pupil = Pupil.objects.get()
    client.post(f"/admin/pfmp/eleves/delete/{pupil.pk}/")
    assert not Pupil.objects.exists()
    assert not ModelLogEntry.objects.filter(label__contains="Oubli").exists()
