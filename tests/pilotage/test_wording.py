"""The indicators speak to who reads them: a school's direction reads its school's wording,
and every count agrees with its noun."""

import re

import pytest

from pilotage.wording import days_text, figure_text
from tests.pilotage.test_indicators import CURRENT, activity  # noqa: F401  (fixture)


def visible(page: str) -> str:
    page = re.sub(r"<(script|template|style)\b.*?</\1>", " ", page, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_days_read_as_french_writes_them():
    assert days_text(None) == "—"
    assert days_text(0) == "moins d’un jour"
    assert days_text(1) == "1 jour"
    assert days_text(1.5) == "1,5 jour"
    assert days_text(4) == "4 jours"
    assert days_text(5.5) == "5,5 jours"


def test_figures_agree_with_their_count():
    assert figure_text("trainings_held", 1) == (1, "session de formation des tuteurs")
    assert figure_text("trainings_held", 0) == (0, "session de formation des tuteurs")
    assert figure_text("trainings_held", 2) == (2, "sessions de formation des tuteurs")
    assert figure_text("pacte_lien_engagements", 1)[1].startswith("pacte avec")


@pytest.mark.usefixtures("activity")
def test_a_direction_reads_its_school_everywhere_on_the_dashboard(client, direction_a):
    client.force_login(direction_a)
    page = client.get("/admin/pilotage/").content.decode()
    text = visible(page)

    title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
    assert "Indicateurs de mon établissement" in title
    assert re.search(r"<h1[^>]*>\s*(<[^>]+>\s*)*Indicateurs de mon établissement", page)
    assert "<strong>Lycée Alpha</strong>" in page
    breadcrumb = re.search(r'aria-label="Fil d\'Ariane".*?</nav>', page, re.S).group(0)
    assert "Indicateurs de mon établissement" in breadcrumb and "académie" not in breadcrumb
    assert "académie" not in text.lower()
    assert "Propositions reçues par type dans mon établissement" in text
    assert "Mon établissement en" in text and "Par établissement en" not in text
    # One school: no filter on a département or a type of school.
    assert 'name="departement"' not in page and 'name="type"' not in page


@pytest.mark.usefixtures("activity")
def test_the_dashboards_counts_agree_in_number(client, direction_a):
    client.force_login(direction_a)
    text = visible(client.get("/admin/pilotage/").content.decode())

    assert "1 session de formation des tuteurs" in text
    assert "1 proposition traitée" in text
    assert "1 tuteur formé" in text
    assert "0 binôme de mentorat actif" in text
    assert "4 jours de délai médian" in text
    assert not re.search(r"\b[01] (sessions|propositions|pactes|tuteurs|binômes)\b", text)
    assert not re.search(r"\d j\b", text)


@pytest.mark.usefixtures("activity")
def test_the_exports_carry_the_school_of_the_direction(client, direction_a, school_a):
    client.force_login(direction_a)
    response = client.get("/admin/pilotage/indicateurs.xlsx", {"annee": CURRENT})
    uai = school_a.uai.lower()
    assert response["Content-Disposition"].endswith(
        f'indicateurs-{uai}-{CURRENT}-{CURRENT + 1}.xlsx"'
    )
    response = client.get("/admin/pilotage/demandes-de-formation.xlsx")
    assert f'filename="demandes-ouverture-formation-{uai}-' in response["Content-Disposition"]


@pytest.mark.usefixtures("activity")
def test_the_academy_still_reads_the_academie(client, academy_admin):
    client.force_login(academy_admin)
    text = visible(client.get("/admin/pilotage/").content.decode())
    assert "Indicateurs de l’académie" in text
    assert "Par établissement en" in text
