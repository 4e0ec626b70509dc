"""Staff screens: what a user sees; school A never sees school B's people or partnerships."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from stdnum import luhn

from entreprises.models import Company, CompanyMerge, Contact, ContactErasure
from etablissements.roles import Role
from partenariats.models import Partnership
from tests.entreprises.factories import CompanyFactory, ContactFactory, valid_siret
from tests.etablissements.factories import SchoolFactory, staff_user
from tests.partenariats.factories import (
    InteractionFactory,
    PartnershipFactory,
    RoadmapActionFactory,
)

pytestmark = pytest.mark.django_db

COMPANIES = "entreprises_admin"
CONTACTS = "contacts_admin"


@pytest.fixture
def world():
    school_a = SchoolFactory(name="Lycée Alpha")
    school_b = SchoolFactory(name="Lycée Bêta")
    user_a = staff_user(school_a, Role.RBDE)
    user_b = staff_user(school_b, Role.RBDE)
    ours = CompanyFactory(name="Garage Alpha", town="Toulouse")
    theirs = CompanyFactory(name="Boulangerie Bêta", town="Montauban", postcode="82000")
    shared = CompanyFactory(name="Électricité Commune")
    PartnershipFactory(school=school_a, company=ours)
    PartnershipFactory(school=school_b, company=theirs)
    shared_a = PartnershipFactory(school=school_a, company=shared)
    shared_b = PartnershipFactory(school=school_b, company=shared)
    contact_a = ContactFactory(
        company=shared, first_name="Alice", last_name="Visible", schools=[school_a]
    )
    contact_b = ContactFactory(
        company=shared,
        first_name="Bruno",
        last_name="Secret",
        email="bruno.secret@example.fr",
        phone="0699999999",
        schools=[school_b],
    )
    InteractionFactory(partnership=shared_a, note="Visite de l’atelier Alpha")
    InteractionFactory(partnership=shared_b, note="Réunion confidentielle Bêta")
    RoadmapActionFactory(partnership=shared_a, title="Stage dating Alpha")
    RoadmapActionFactory(partnership=shared_b, title="Forum des métiers Bêta")
    return {
        "school_a": school_a,
        "school_b": school_b,
        "user_a": user_a,
        "user_b": user_b,
        "ours": ours,
        "theirs": theirs,
        "shared": shared,
        "contact_a": contact_a,
        "contact_b": contact_b,
    }


def get(client, user, name, *args, **params):
    client.force_login(user)
    return client.get(reverse(name, args=args), params)


def text(response):
    return response.content.decode()


# ---------------------------------------------------------------------------- company list


def test_company_list_shows_only_the_schools_partners(client, world):
    page = text(get(client, world["user_a"], f"{COMPANIES}:index"))
    assert "Garage Alpha" in page and "Électricité Commune" in page
    assert "Boulangerie Bêta" not in page


def test_company_search_and_filters_stay_in_scope(client, world):
    page = text(get(client, world["user_a"], f"{COMPANIES}:index", q="Boulangerie"))
    assert "Boulangerie Bêta" not in page
    siret = world["ours"].siret
    spaced = f"{siret[:3]} {siret[3:6]} {siret[6:9]}"
    page = text(get(client, world["user_a"], f"{COMPANIES}:index", q=spaced))
    assert "Garage Alpha" in page and "Électricité Commune" not in page
    page = text(get(client, world["user_a"], f"{COMPANIES}:index", departement="82"))
    assert "Boulangerie Bêta" not in page and "Garage Alpha" not in page


def test_company_export_is_scoped(client, world):
    response = get(client, world["user_a"], f"{COMPANIES}:index", export="csv")
    content = b"".join(response.streaming_content).decode()
    assert "Garage Alpha" in content and world["ours"].siret in content
    assert "Boulangerie Bêta" not in content
    assert "Raison sociale" in content


def test_company_pages_of_another_school_are_404(client, world):
    client.force_login(world["user_a"])
    for view in ("inspect", "edit", "history", "delete", "merge"):
        response = client.get(reverse(f"{COMPANIES}:{view}", args=[world["theirs"].pk]))
        assert response.status_code == 404, view


def test_company_page_shows_on_one_page_only_the_users_schools_data(client, world):
    page = text(get(client, world["user_a"], f"{COMPANIES}:inspect", world["shared"].pk))
    assert "Alice Visible" in page
    assert "Visite de l’atelier Alpha" in page
    assert "Stage dating Alpha" in page
    assert "Lycée Alpha" in page
    for secret in (
        "Bruno",
        "bruno.secret@example.fr",
        "0699999999",
        "Réunion confidentielle",
        "Forum des métiers Bêta",
        "Lycée Bêta",
    ):
        assert secret not in page, secret


# ---------------------------------------------------------------------------- company create


def post_company(client, user, **data):
    client.force_login(user)
    form = {
        "siret": valid_siret(900),
        "name": "Nouvelle Entreprise",
        "naf_code": "43.21A",
        "size_band": "",
        "address": "",
        "postcode": "31000",
        "town": "Toulouse",
        "website": "",
        "latitude": "",
        "longitude": "",
    }
    form.update(data)
    return client.post(reverse(f"{COMPANIES}:add"), form, follow=True)


def test_creating_a_company_makes_it_a_prospect_of_the_users_school(client, world):
    response = post_company(client, world["user_a"], name="Menuiserie Neuve")
    company = Company.objects.get(name="Menuiserie Neuve")
    assert Partnership.objects.get(company=company).school == world["school_a"]
    assert Partnership.objects.get(company=company).status == "prospect"
    assert "Menuiserie Neuve" in text(response)


def test_a_siret_already_in_scope_opens_the_existing_record(client, world):
    siret = world["ours"].siret
    response = post_company(client, world["user_a"], siret=f"{siret[:9]} {siret[9:]}", name="x")
    page = text(response)
    assert "existe déjà" in page and "Garage Alpha" in page
    assert response.redirect_chain[-1][0] == reverse(
        f"{COMPANIES}:inspect", args=[world["ours"].pk]
    )
    assert Company.objects.count() == 3


def test_a_siret_of_another_school_offers_the_partnership_without_revealing_it(client, world):
    response = post_company(client, world["user_a"], siret=world["theirs"].siret, name="x")
    page = text(response)
    assert "Boulangerie Bêta" in page and "ne travaille pas encore avec votre lycée" in page
    assert "Bruno" not in page and "Lycée Bêta" not in page
    assert Company.objects.count() == 3
    client.post(reverse(f"{COMPANIES}:attach", args=[world["theirs"].pk]))
    assert Partnership.objects.filter(
        company=world["theirs"], school=world["school_a"], status="prospect"
    ).exists()
    page = text(get(client, world["user_a"], f"{COMPANIES}:inspect", world["theirs"].pk))
    assert "Boulangerie Bêta" in page and "Lycée Bêta" not in page


def test_a_bad_siret_says_why_and_keeps_what_was_typed(client, world):
    response = post_company(
        client, world["user_a"], siret="552 100 554", name="Boulangerie Azur", town="Castres"
    )
    page = text(response)
    assert "Le SIRET compte 14 chiffres ; vous en avez saisi 9." in page
    assert 'value="Boulangerie Azur"' in page and 'value="Castres"' in page
    assert 'value="552 100 554"' in page or 'value="552100554"' in page
    response = post_company(client, world["user_a"], siret="55210055400014", name="Azur")
    assert "clé de contrôle est fausse" in text(response)
    assert not Company.objects.filter(name__in=["Boulangerie Azur", "Azur"]).exists()


def test_same_name_same_postcode_warns_before_saving(client, world):
    response = post_company(client, world["user_a"], name="GARAGE alpha", postcode="31000")
    page = text(response)
    assert "Une entreprise du même nom existe déjà à ce code postal" in page
    assert 'value="GARAGE alpha"' in page
    assert not Company.objects.filter(name="GARAGE alpha").exists()
    post_company(client, world["user_a"], name="GARAGE alpha", confirm_duplicate="on")
    assert Company.objects.filter(name="GARAGE alpha").exists()


def test_teachers_can_read_but_not_create(client, world):
    teacher = staff_user(world["school_a"], Role.TEACHER)
    assert "Garage Alpha" in text(get(client, teacher, f"{COMPANIES}:index"))
    response = get(client, teacher, f"{COMPANIES}:add")
    assert 'name="siret"' not in text(response)


# ---------------------------------------------------------------------------- merge


def test_merge_screen_previews_then_merges(client, world):
    duplicate = CompanyFactory(name="Garage ALPHA")
    PartnershipFactory(school=world["school_a"], company=duplicate, prospect=True)
    ContactFactory(company=duplicate, schools=[world["school_a"]])
    client.force_login(world["user_a"])
    url = reverse(f"{COMPANIES}:merge", args=[world["ours"].pk])
    page = text(client.get(url))
    assert "Garage ALPHA" in page
    page = text(client.post(url, {"other": duplicate.pk, "keep": "this"}))
    assert "Ce qui va changer" in page and "1 contact" in page and "1 contacts" not in page
    assert "1 partenariat réuni avec celui de la fiche conservée" in page
    assert "1 partenariats" not in page
    assert not CompanyMerge.objects.exists()
    response = client.post(
        url, {"other": duplicate.pk, "keep": "this", "confirm": "1"}, follow=True
    )
    done = text(response)
    assert "Fiches fusionnées" in done and "1 partenariat réuni avec celui" in done
    assert "1 partenariats" not in done and "1 contacts" not in done
    duplicate.refresh_from_db()
    assert duplicate.merged_into == world["ours"]
    assert CompanyMerge.objects.get().by == world["user_a"]


def test_merge_cannot_pick_another_schools_company(client, world):
    client.force_login(world["user_a"])
    url = reverse(f"{COMPANIES}:merge", args=[world["ours"].pk])
    page = text(client.post(url, {"other": world["theirs"].pk, "keep": "this", "confirm": "1"}))
    assert "Boulangerie Bêta" not in page
    assert not CompanyMerge.objects.exists()


def test_direction_cannot_merge(client, world):
    direction = staff_user(world["school_a"], Role.DIRECTION)
    client.force_login(direction)
    url = reverse(f"{COMPANIES}:merge", args=[world["ours"].pk])
    # Wagtail answers a refused admin page with a redirect to the dashboard and a message.
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse("wagtailadmin_home")
    assert "pas les autorisations" in text(response)
    client.post(url, {"other": world["shared"].pk, "keep": "this", "confirm": "1"})
    assert not CompanyMerge.objects.exists()
    page = text(client.get(reverse(f"{COMPANIES}:inspect", args=[world["ours"].pk])))
    assert "Garage Alpha" in page and "Fusionner avec une autre fiche" not in page


# ---------------------------------------------------------------------------- contacts


def test_contact_list_search_and_export_are_scoped(client, world):
    page = text(get(client, world["user_a"], f"{CONTACTS}:index"))
    assert "Visible" in page and "Secret" not in page
    page = text(get(client, world["user_a"], f"{CONTACTS}:index", q="bruno"))
    assert "Secret" not in page
    for fmt in ("csv", "xlsx"):
        response = get(client, world["user_a"], f"{CONTACTS}:index", export=fmt)
        content = b"".join(response.streaming_content) if response.streaming else response.content
        if fmt == "csv":
            assert b"Visible" in content
        assert b"Secret" not in content and b"bruno.secret" not in content


def test_another_schools_contact_is_404_even_by_id(client, world):
    client.force_login(world["user_a"])
    pk = world["contact_b"].pk
    for view in ("inspect", "edit", "history", "delete", "export", "erase"):
        response = client.get(reverse(f"{CONTACTS}:{view}", args=[pk]))
        assert response.status_code == 404, view
    client.post(reverse(f"{CONTACTS}:erase", args=[pk]))
    assert Contact.objects.get(pk=pk).first_name == "Bruno"


def test_contact_form_only_offers_the_users_schools_and_companies(client, world):
    page = text(get(client, world["user_a"], f"{CONTACTS}:add"))
    assert "Lycée Alpha" in page and "Garage Alpha" in page
    assert "Lycée Bêta" not in page and "Boulangerie Bêta" not in page


def test_export_my_data_downloads_everything_on_the_person(client, world):
    pk = world["contact_a"].pk
    response = get(client, world["user_a"], f"{CONTACTS}:export", pk, format="json")
    assert response["Content-Disposition"].startswith("attachment")
    data = response.json()
    assert data["prénom"] == "Alice" and data["établissements"] == ["Lycée Alpha"]
    response = get(client, world["user_a"], f"{CONTACTS}:export", pk, format="csv")
    assert "Alice" in response.content.decode("utf-8-sig")


def test_erase_anonymises_the_contact_and_logs_it(client, world):
    client.force_login(world["user_a"])
    url = reverse(f"{CONTACTS}:erase", args=[world["contact_a"].pk])
    assert "Alice Visible" in text(client.get(url))
    response = client.post(url, follow=True)
    assert "sont effacées" in text(response)
    contact = Contact.objects.get(pk=world["contact_a"].pk)
    assert contact.first_name == "Contact" and contact.email == ""
    erasure = ContactErasure.objects.get()
    assert erasure.by == world["user_a"] and erasure.reason == "demande"
    assert "Alice" not in text(get(client, world["user_a"], f"{CONTACTS}:index"))


# ---------------------------------------------------------------------------- query counts


def _more_companies(school, n):
    for i in range(n):
        company = CompanyFactory(name=f"Atelier {i:03d}")
        PartnershipFactory(school=school, company=company)
        ContactFactory(company=company, schools=[school])


@pytest.mark.parametrize("extra", [0, 30])
def test_company_list_and_export_query_counts_do_not_grow(
    client, world, extra, django_assert_max_num_queries
):
    _more_companies(world["school_a"], extra)
    client.force_login(world["user_a"])
    url = reverse(f"{COMPANIES}:index")
    with django_assert_max_num_queries(20):
        page = text(client.get(url, {"town": "Toul"}))
    assert "Garage Alpha" in page
    with django_assert_max_num_queries(20):
        response = client.get(url, {"export": "csv"})
        content = b"".join(response.streaming_content).decode()
    assert content.count("\n") >= 3 + extra


@pytest.mark.parametrize("extra", [0, 30])
def test_contact_list_query_count_does_not_grow(
    client, world, extra, django_assert_max_num_queries
):
    _more_companies(world["school_a"], extra)
    client.force_login(world["user_a"])
    with django_assert_max_num_queries(20):
        page = text(client.get(reverse(f"{CONTACTS}:index")))
    assert "Visible" in page


@pytest.mark.parametrize("extra", [0, 30])
def test_company_page_query_count_does_not_grow(
    client, world, extra, django_assert_max_num_queries
):
    shared = world["shared"]
    partnership = Partnership.objects.get(company=shared, school=world["school_a"])
    for i in range(extra):
        ContactFactory(company=shared, schools=[world["school_a"]])
        InteractionFactory(partnership=partnership, occurred_on=datetime.date(2026, 1, 1 + i % 28))
        RoadmapActionFactory(partnership=partnership, title=f"Action {i}")
    client.force_login(world["user_a"])
    with django_assert_max_num_queries(25):
        page = text(client.get(reverse(f"{COMPANIES}:inspect", args=[shared.pk])))
    assert "Alice Visible" in page


@pytest.mark.parametrize("extra", [0, 60])
def test_a_filtered_list_that_fits_on_its_page_is_counted_from_its_rows(
    client, world, extra, django_assert_max_num_queries
):
    _more_companies(world["school_a"], extra)
    albi = CompanyFactory(name="Vergers d’Albi", town="Albi", postcode="81000")
    PartnershipFactory(school=world["school_a"], company=albi)
    client.force_login(world["user_a"])
    url = reverse(f"{COMPANIES}:index")
    with django_assert_max_num_queries(10) as captured:
        page = text(client.get(url, {"town": "Albi"}))
    assert "Vergers d’Albi" in page and "1 entreprise" in page and "Garage Alpha" not in page
    counts = [q["sql"] for q in captured.captured_queries if "COUNT(" in q["sql"]]
    assert not [sql for sql in counts if "entreprises_company" in sql]
    full = text(client.get(url))
    assert f"{3 + extra} entreprises" in full and "Atelier" not in full or extra
    if extra:  # 63 rows: 50, then 13
        assert "Page 1 sur 2" in full and "Vergers d’Albi" not in full
        second = text(client.get(url, {"p": "2"}))
        assert "Vergers d’Albi" in second and "Atelier 049" not in second


def test_coordinates_typed_by_staff_are_no_longer_the_geocoders_approximation(client, world):
    company = world["ours"]
    Company.objects.filter(pk=company.pk).update(
        latitude="45.87255", longitude="6.71780", position_precision="municipality"
    )
    client.force_login(world["user_a"])
    page = text(client.get(reverse(f"{COMPANIES}:inspect", args=[company.pk])))
    assert "commune (position approximative)" in page
    form = {
        "siret": company.siret,
        "name": company.name,
        "naf_code": company.naf_code,
        "size_band": company.size_band,
        "address": company.address,
        "postcode": company.postcode,
        "town": company.town,
        "website": "",
        "latitude": "45.90001",
        "longitude": "6.70002",
        "confirm_duplicate": "on",
    }
    client.post(reverse(f"{COMPANIES}:edit", args=[company.pk]), form)
    company.refresh_from_db()
    assert (company.latitude, company.position_precision) == (Decimal("45.90001"), "")


def test_merge_lists_a_probable_twin_once_preselected_and_the_history_records_the_merge(
    client, world
):
    """Issue 27 §5: a record found both by name and by SIREN is listed once and chosen; after
    the merge the kept partnership's latest history line is the merge, with its status."""
    ours = world["ours"]
    body = ours.siret[:9] + "0099"  # another establishment of the same SIREN
    twin_siret = body + luhn.calc_check_digit(body)
    twin = CompanyFactory(name="Garage ALPHA", siret=twin_siret, postcode=ours.postcode)
    PartnershipFactory(school=world["school_a"], company=twin, prospect=True)
    client.force_login(world["user_a"])
    url = reverse(f"{COMPANIES}:merge", args=[ours.pk])

    page = text(client.get(url))
    assert page.count(f"?autre={twin.pk}") == 1
    assert f'<option value="{twin.pk}" selected>' in page
    assert "<title>Fusionner deux fiches : Garage Alpha" in page
    client.post(url, {"other": twin.pk, "keep": "this", "confirm": "1"})

    kept = Partnership.objects.get(company=ours, school=world["school_a"])
    assert kept.status == "actif"
    inspect = text(client.get(reverse("partenariats_admin:inspect", args=[kept.pk])))
    history = inspect.split("Historique des statuts")[1].split("</table>")[0]
    first_row = history.split("<tbody>")[1].split("</tr>")[0]
    assert "actif (inchangé)" in first_row
    assert "fusion : la fiche « Garage ALPHA »" in first_row
    assert "fiche « Garage ALPHA », avant la fusion" in history or "prospect" not in history
