"""The demo of « Entreprises à démarcher »: the Rennes demo school's prospects, from a recorded
answer of the API Recherche d'entreprises read in place of the API (no network), and two of them
added as prospects by its RBDE, through the same services as the page's buttons."""

import json
from pathlib import Path

from entreprises.registry import parse_near_point
from etablissements.models import School
from etablissements.services import diploma_find_or_create

from .models import Prospect, ProspectSearch, SchoolDiploma
from .services.diplomas import school_diploma_save
from .services.prospects import prospect_add, prospects_refresh

# The real answer of the API around Rennes (its source in the README beside it).
RECORDED = (
    Path(__file__).parent
    / "demo_data/recherche-entreprises-reel/search-ag-cp_dep-35000-cp_dep_type-cp.json"
)
SCHOOL_UAI = "0350026N"  # etablissements.demo.SCHOOLS: Lycée professionnel Coëtlogon, Rennes
DIPLOMAS = [
    ("Bac pro Métiers du commerce et de la vente", "commerce"),
    ("Bac pro AGORA", "gestion-administration"),
]
ADDED = ["83501379800029", "49265978400028"]  # DERBAS AG (47.11B), AG OFFICE (70.22Z)


def recorded_near_point(**query):
    """The recorded answer in place of `/near_point`: its first page, the only one recorded."""
    page = parse_near_point(json.loads(RECORDED.read_text(encoding="utf-8"))["result"])
    page.total_pages = 1
    return page


def prospects_demo_load(rbde) -> int:
    """The school's filières, its list of prospects, two added by `rbde`; returns the partnerships
    created (0 when the demo is loaded again)."""
    school = School.objects.filter(uai=SCHOOL_UAI).first()
    if school is None or rbde is None:
        return 0
    for name, area in DIPLOMAS:
        if not SchoolDiploma.objects.filter(school=school, name=name).exists():
            school_diploma_save(
                row=SchoolDiploma(
                    school=school,
                    name=name,
                    trade_area=area,
                    diploma=diploma_find_or_create(label=name),
                )
            )
    if ProspectSearch.objects.filter(school=school, refreshed_at__isnull=False).exists():
        return 0
    prospects_refresh(school=school, search=recorded_near_point)
    added = 0
    for prospect in Prospect.objects.filter(school=school, siret__in=ADDED).order_by("siret"):
        prospect_add(prospect=prospect, by=rbde)
        added += 1
    return added
