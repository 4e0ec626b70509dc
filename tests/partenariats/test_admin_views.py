"""The partnership screens as the RBDE and the teacher see them."""

import datetime
import io
import re

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from etablissements.roles import Role
from partenariats.models import Interaction, Partnership
from tests.entreprises.factories import CompanyFactory
from tests.etablissements.factories import staff_user
from tests.partenariats.conftest import text
from tests.partenariats.factories import InteractionFactory, PartnershipFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


def _company(name, **kwargs):
    return CompanyFactory(name=name, **kwargs)


# (filter parameters, fields of the row that matches, fields of the row that does not)
FILTER_CASES = {
    "status": ({"status": "en_sommeil"}, {"status": "en_sommeil"}, {"status": "actif"}),
    "sector": (
        {"sector": "I"},
        {"company": {"naf_code": "56.10A"}},
        {"company": {"naf_code": "43.21A"}},
    ),
    "departement": (
        {"departement": "82"},
        {"company": {"postcode": "82000", "town": "Montauban"}},
        {"company": {"postcode": "31000"}},
    ),
    "departement_corse": (  # typed in small letters: the code is kept in capitals
        {"departement": " 2a "},
        {"company": {"postcode": "20000", "town": "Ajaccio"}},
        {"company": {"postcode": "20200", "town": "Bastia"}},
    ),
    "town": (
        {"town": "montauban"},
        {"company": {"postcode": "82000", "town": "Montauban"}},
        {"company": {"town": "Toulouse"}},
    ),
    "label_cmq": ({"label": "cmq"}, {"company": {"label_cmq": True}}, {}),
    "label_ptech": ({"label": "ptech"}, {"company": {"label_ptech": True}}, {}),
    "teacher": ({"teacher": "TEACHER"}, {"teacher": "TEACHER"}, {}),
    "convention_end_before": (
        {"convention_end_before": "2026-12-31"},
        {
            "convention_signed_on": datetime.date(2025, 1, 1),
            "convention_end": datetime.date(2026, 12, 1),
        },
        {
            "convention_signed_on": datetime.date(2025, 1, 1),
            "convention_end": datetime.date(2027, 6, 30),
        },
    ),
    "no_interaction_since": (
        {"no_interaction_since": "2026-06-01"},
        {"last_interaction_on": datetime.date(2026, 1, 5)},
        {"last_interaction_on": datetime.date(2026, 10, 1)},
    ),
}


def _partnership(school, name, fields, teacher):
    fields = dict(fields)
    company = _company(name, **fields.pop("company", {}))
    if fields.get("teacher") == "TEACHER":
        fields["teacher"] = teacher
    return PartnershipFactory(school=school, company=company, **fields)


@pytest.mark.parametrize("case", FILTER_CASES)
def test_each_filter_narrows_the_list(client_a, school_a, teacher_a, case):
    params, matching, other = FILTER_CASES[case]
    _partnership(school_a, "Retenue SARL", matching, teacher_a)
    _partnership(school_a, "Écartée SAS", other, teacher_a)
    params = {k: (teacher_a.pk if v == "TEACHER" else v) for k, v in params.items()}

    html = text(client_a.get("/admin/partenariats/", params))

    assert "Retenue SARL" in html
    assert "Écartée SAS" not in html


def test_the_created_since_filter_keeps_this_school_years_partnerships(client_a, school_a):
    PartnershipFactory(school=school_a, company=_company("Nouvelle SARL"))
    old = PartnershipFactory(school=school_a, company=_company("Ancienne SAS"))
    Partnership.objects.filter(pk=old.pk).update(
        created_at=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    )

    html = text(client_a.get("/admin/partenariats/", {"created_since": "2025-09-01"}))

    assert "Nouvelle SARL" in html and "Ancienne SAS" not in html


def test_search_finds_a_partner_by_name_siret_or_town(client_a, school_a):
    wanted = PartnershipFactory(
        school=school_a, company=_company("Boulangerie Dupont", town="Muret", postcode="31600")
    )
    PartnershipFactory(school=school_a, company=_company("Garage Martin"))

    for query in ["boulangerie", wanted.company.siret, "Muret"]:
        html = text(client_a.get("/admin/partenariats/", {"q": query}))
        assert "Boulangerie Dupont" in html and "Garage Martin" not in html, query


def test_the_csv_export_lists_the_filtered_rows(client_a, school_a, teacher_a):
    kept = PartnershipFactory(
        school=school_a,
        company=_company("Boulangerie Dupont"),
        teacher=teacher_a,
        convention_signed_on=datetime.date(2025, 9, 1),
        convention_end=datetime.date(2027, 8, 31),
    )
    PartnershipFactory(school=school_a, company=_company("Garage Martin"), status="prospect")

    csv = text(client_a.get("/admin/partenariats/", {"status": "actif", "export": "csv"}))
    # For French Excel: a BOM (UTF-8 read as such) and « ; » between the columns.
    assert csv.startswith("\ufeff")
    lines = csv.removeprefix("\ufeff").strip().splitlines()

    assert lines[0].startswith("Entreprise;SIRET;Code NAF")
    assert len(lines) == 2
    assert lines[1].startswith(f"Boulangerie Dupont;{kept.company.siret};43.21A")
    assert "actif;Élise Martin;01/09/2025;31/08/2027" in lines[1]  # French dates


def test_the_xlsx_export_downloads(client_a, school_a, school_b):
    PartnershipFactory(school=school_a, company=_company("Menuiserie Exportée"))
    PartnershipFactory(school=school_b, company=_company("Garage d’un autre lycée"))
    response = client_a.get("/admin/partenariats/", {"export": "xlsx"})

    assert response["Content-Disposition"].endswith('partenariats.xlsx"')
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0][:2]) == ["Entreprise", "SIRET"]
    names = [row[0] for row in rows[1:]]
    assert names == ["Menuiserie Exportée"]


def _form(partnership, **changes):
    data = {
        "school": partnership.school_id,
        "company": partnership.company_id,
        "status": partnership.status,
        "status_comment": "",
        "teacher": partnership.teacher_id or "",
        "convention_signed_on": "",
        "convention_end": "",
        "notes": partnership.notes,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize(
    "upload, message",
    [
        (
            SimpleUploadedFile("convention.pdf", b"pas un pdf", content_type="application/pdf"),
            "La convention doit être un fichier PDF",
        ),
        (
            SimpleUploadedFile("convention.docx", b"%PDF-1.7 faux", content_type="text/plain"),
            "docx",
        ),
        (
            SimpleUploadedFile("lourde.pdf", b"%PDF-" + b"0" * (5 * 1024 * 1024)),
            "dépasse 5 Mo",
        ),
    ],
    ids=["not-a-pdf", "wrong-extension", "too-large"],
)
def test_a_bad_convention_file_is_refused_and_the_typed_values_kept(
    client_a, school_a, upload, message
):
    partnership = PartnershipFactory(school=school_a)
    response = client_a.post(
        f"/admin/partenariats/edit/{partnership.pk}/",
        _form(
            partnership,
            convention_signed_on="2026-09-01",
            convention_end="2027-08-31",
            notes="Accueil de trois stagiaires en mars",
            convention_file=upload,
        ),
    )
    html = text(response)

    assert message in html
    assert "Accueil de trois stagiaires en mars" in html
    assert 'value="2027-08-31"' in html
    partnership.refresh_from_db()
    assert not partnership.convention_file and partnership.notes == ""


def test_a_pdf_convention_is_kept(client_a, school_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    partnership = PartnershipFactory(school=school_a)
    client_a.post(
        f"/admin/partenariats/edit/{partnership.pk}/",
        _form(
            partnership,
            convention_signed_on="2026-09-01",
            convention_end="2027-08-31",
            convention_file=SimpleUploadedFile("convention.pdf", b"%PDF-1.7 signee"),
        ),
    )

    partnership.refresh_from_db()
    assert partnership.convention_file.name.endswith(".pdf")
    assert partnership.convention_end == datetime.date(2027, 8, 31)


def test_a_status_change_is_logged_and_shown_on_the_partnership_page(client_a, school_a, rbde_a):
    partnership = PartnershipFactory(school=school_a, status="actif")
    client_a.post(
        f"/admin/partenariats/edit/{partnership.pk}/",
        _form(partnership, status="en_sommeil", status_comment="Plus de tuteur cette année"),
    )

    partnership.refresh_from_db()
    assert partnership.status == "en_sommeil"
    change = partnership.status_changes.get()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "actif",
        "en_sommeil",
        rbde_a,
    )
    html = text(client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/"))
    assert "actif → en sommeil" in html
    assert "Plus de tuteur cette année" in html


def test_a_forbidden_status_change_is_a_form_error_with_the_values_kept(client_a, school_a):
    partnership = PartnershipFactory(school=school_a, status="prospect")
    response = client_a.post(
        f"/admin/partenariats/edit/{partnership.pk}/",
        _form(partnership, status="en_sommeil", notes="Relancer en janvier"),
    )
    html = text(response)

    assert "ne peut pas passer directement" in html
    assert "Relancer en janvier" in html
    partnership.refresh_from_db()
    assert partnership.status == "prospect" and not partnership.status_changes.exists()


def test_creating_a_partnership_logs_its_first_status(client_a, school_a, rbde_a, teacher_a):
    company = _company("Plomberie Gamma")
    response = client_a.post(
        "/admin/partenariats/new/",
        {"school": school_a.pk, "company": company.pk, "status": "actif", "teacher": teacher_a.pk},
    )

    partnership = Partnership.objects.get(company=company)
    assert response.url == f"/admin/partenariats/inspect/{partnership.pk}/"
    assert (partnership.school, partnership.teacher) == (school_a, teacher_a)
    assert list(partnership.status_changes.values_list("to_status", "changed_by")) == [
        ("actif", rbde_a.pk)
    ]


def test_teacher_choices_are_the_schools_teachers(client_a, school_a, school_b, teacher_a):
    other_teacher = staff_user(school_b, role=Role.TEACHER, last_name="Ailleurs")
    colleague_rbde = staff_user(school_a, role=Role.RBDE, last_name="Collègue")
    partnership = PartnershipFactory(school=school_a)

    html = text(client_a.get(f"/admin/partenariats/edit/{partnership.pk}/"))
    assert "Élise Martin" in html
    assert "Ailleurs" not in html and "Collègue" not in html

    response = client_a.post(
        f"/admin/partenariats/edit/{partnership.pk}/",
        _form(partnership, teacher=other_teacher.pk),
    )
    assert "Sélectionnez un choix valide" in text(response)
    partnership.refresh_from_db()
    assert partnership.teacher is None and colleague_rbde


def test_a_journal_entry_added_from_the_partnership_keeps_its_last_interaction(
    client, school_a, teacher_a
):
    partnership = PartnershipFactory(school=school_a)
    client.force_login(teacher_a)

    response = client.post(
        f"/admin/partenariats/journal/new/?partnership={partnership.pk}",
        {"kind": "visite", "occurred_on": "2026-11-02", "note": "Visite de l’atelier"},
    )

    assert response.url == f"/admin/partenariats/inspect/{partnership.pk}/"
    interaction = Interaction.objects.get(partnership=partnership)
    assert (interaction.author, interaction.kind) == (teacher_a, "visite")
    partnership.refresh_from_db()
    assert partnership.last_interaction_on == datetime.date(2026, 11, 2)

    client.post(
        f"/admin/partenariats/journal/edit/{interaction.pk}/",
        {"kind": "visite", "occurred_on": "2026-11-10", "note": "Visite de l’atelier"},
    )
    partnership.refresh_from_db()
    assert partnership.last_interaction_on == datetime.date(2026, 11, 10)
    html = text(client.get(f"/admin/partenariats/inspect/{partnership.pk}/"))
    assert "10/11/2026 — visite" in html and "Visite de l’atelier" in html


def test_deleting_a_journal_entry_keeps_the_last_interaction_right(client_a, school_a):
    partnership = PartnershipFactory(school=school_a)
    InteractionFactory(partnership=partnership, occurred_on=datetime.date(2026, 3, 1))
    latest = InteractionFactory(partnership=partnership, occurred_on=datetime.date(2026, 9, 1))

    client_a.post(f"/admin/partenariats/journal/delete/{latest.pk}/")

    partnership.refresh_from_db()
    assert partnership.last_interaction_on == datetime.date(2026, 3, 1)


def test_a_roadmap_action_added_from_the_partnership_is_listed_on_it(client_a, school_a):
    partnership = PartnershipFactory(school=school_a)
    client_a.post(
        f"/admin/partenariats/feuille-de-route/new/?partnership={partnership.pk}",
        {"school_year": "2026-2027", "title": "Forum des métiers", "planned_on": "2027-02-10"},
    )

    html = text(client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/"))
    assert "Forum des métiers" in html and "10/02/2027" in html


def test_a_teacher_reads_but_does_not_edit_a_partnership(client, school_a, teacher_a):
    partnership = PartnershipFactory(school=school_a, company=_company("Garage Martin"))
    client.force_login(teacher_a)

    assert "Garage Martin" in text(client.get("/admin/partenariats/"))
    client.post(f"/admin/partenariats/edit/{partnership.pk}/", _form(partnership, status="termine"))

    partnership.refresh_from_db()
    assert partnership.status == "actif"


def test_the_partnership_page_keeps_a_place_for_its_reminders(client_a, school_a):
    partnership = PartnershipFactory(school=school_a)
    html = text(client_a.get(f"/admin/partenariats/inspect/{partnership.pk}/"))

    assert "Rappels" in html


def test_the_list_sorts_by_a_column(client_a, school_a):
    for name, end in (("Alpha", 2027), ("Bravo", 2029), ("Charlie", 2028)):
        PartnershipFactory(
            school=school_a,
            company=_company(f"Société {name}"),
            convention_signed_on=datetime.date(2025, 1, 1),
            convention_end=datetime.date(end, 6, 30),
        )
    html = text(client_a.get("/admin/partenariats/", {"ordering": "-convention_end"}))
    positions = [html.index(f"Société {name}") for name in ("Bravo", "Charlie", "Alpha")]
    assert positions == sorted(positions)
    html = text(client_a.get("/admin/partenariats/", {"ordering": "-company__name"}))
    positions = [html.index(f"Société {name}") for name in ("Charlie", "Bravo", "Alpha")]
    assert positions == sorted(positions)


def test_the_company_chooser_shows_companies_but_nothing_of_other_schools(client_a, school_b):
    theirs = PartnershipFactory(school=school_b, company=_company("Garage Bêta"))
    InteractionFactory(partnership=theirs, note="Note secrète de Bêta")
    html = text(
        client_a.get("/admin/partenariats/choisir-une-entreprise/results/", {"q": "Garage"})
    )
    # A company's identity is public (SIRENE); which school works with it, and how, is not.
    assert "Garage Bêta" in html and theirs.company.siret_display in html
    assert "Lycée Bêta" not in html and "Note secrète" not in html and "actif" not in html


def test_above_schools_the_school_filter_is_a_text_box(client, school_a, school_b):
    from tests.etablissements.factories import UserFactory

    admin = UserFactory(is_superuser=True)
    client.force_login(admin)
    PartnershipFactory(school=school_a, company=_company("Menuiserie Alpha"))
    PartnershipFactory(school=school_b, company=_company("Garage Bêta"))

    html = text(client.get("/admin/partenariats/", {"school": "bêta"}))
    assert "Garage Bêta" in html and "Menuiserie Alpha" not in html
    assert '<select name="school"' not in html
    html = text(client.get("/admin/partenariats/", {"school": school_a.uai}))
    assert "Menuiserie Alpha" in html and "Garage Bêta" not in html
    # The dashboard's links pass the school's id.
    html = text(client.get("/admin/partenariats/", {"school": school_b.pk}))
    assert "Garage Bêta" in html and "Menuiserie Alpha" not in html


def test_above_schools_the_teacher_filter_is_a_text_box_not_a_national_list(
    client, school_a, school_b, teacher_a
):
    from etablissements.services import academy_admin_grant
    from tests.etablissements.factories import UserFactory

    other = staff_user(school_b, role=Role.TEACHER, first_name="Noé", last_name="Bernard")
    _partnership(school_a, "Suivie par Martin", {"teacher": "TEACHER"}, teacher_a)
    PartnershipFactory(school=school_b, teacher=other, company=_company("Suivie par Bernard"))
    admin = UserFactory(username="academie")
    academy_admin_grant(user=admin)
    client.force_login(admin)
    page = text(client.get("/admin/partenariats/", {"teacher": "martin"}))
    assert "Suivie par Martin" in page and "Suivie par Bernard" not in page
    # No list of every teacher of the country in the filter form: her name appears nowhere.
    assert "Noé" not in page
    page = text(client.get("/admin/partenariats/", {"teacher": str(other.pk)}))
    assert "Suivie par Bernard" in page and "Suivie par Martin" not in page


def test_the_journal_names_its_authors_and_sorts_by_their_name(client_a, school_a):
    zoe = staff_user(school_a, role=Role.TEACHER, username="zgarcia", first_name="Zoé",
                     last_name="Garcia")  # fmt: skip
    alain = staff_user(school_a, role=Role.TEACHER, username="abrun", first_name="Alain",
                       last_name="Vidal")  # fmt: skip
    partnership = PartnershipFactory(school=school_a, company=_company("Atelier Garonne"))
    InteractionFactory(partnership=partnership, author=zoe, note="Visite de l’atelier")
    InteractionFactory(partnership=partnership, author=alain, note="Appel du tuteur")

    page = text(client_a.get("/admin/partenariats/journal/", {"ordering": "author__last_name"}))

    assert "Zoé Garcia" in page and "Alain Vidal" in page
    assert ">zgarcia<" not in page.replace(" ", "").replace("\n", "")
    assert page.index("Zoé Garcia") < page.index("Alain Vidal")  # Garcia before Vidal


def test_the_company_chooser_and_the_company_form_are_valid_html(client_a):
    html = client_a.get("/admin/partenariats/new/").content.decode()
    hidden = re.search(r'<input type="hidden" name="company"[^>]*>', html).group(0)
    # HTML allows no `required` on a hidden input, nor a label pointing at it.
    assert "required" not in hidden and 'for="id_company"' not in html
    assert "Choisir une entreprise" in html

    html = client_a.get("/admin/entreprises/new/").content.decode()
    # The form's own checkbox, rendered once (not again after the panels, with the same id).
    assert html.count('id="id_confirm_duplicate"') == 1
