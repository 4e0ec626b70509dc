"""The pages bench/lists.py times: every staff list, filter and export, the dashboards, the
public directory. (label, login or None for the public, path, query parameters); a label
starting with two spaces is a variant of the page above it. Exports are the labels with
"export"; their target is 300 ms at p95, the other pages' 100 ms.

Like for like: a filtered page shows a full page (50 rows) at every size, or the ratio of sizes
measures fewer rows rather than more data. Where one set of values cannot do both, the values
are `BySize`: the national seed keeps a selective combination (the academy's status + sector +
label: 540 of 300,000 partnerships), the 1,000 companies' seed one of the same shape that still
fills the page (actif + C + CMQ: about 70 of 3,000, with the CMQ block of seed_national.py). A
date is relative to today, as the seed's dates are: "convention finissant avant" a year from
now reads about 40 % of the conventions at each size, so its page 10 is full at both.
"""

import datetime

from bench.seed_national import uai_for


class BySize(dict):
    """Query parameters per seed size: {companies: params}; a seed takes those of the largest
    size not above its own."""

    def at(self, companies: int) -> dict:
        return self[max((size for size in self if size <= companies), default=min(self))]


IN_A_YEAR = (datetime.date.today() + datetime.timedelta(days=365)).isoformat()

PAGES = [
    ("tableau de bord, RBDE", "bench-rbde", "/admin/", {}),
    ("tableau de bord, enseignant", "bench-teacher", "/admin/", {}),
    ("tableau de bord, direction", "bench-direction", "/admin/", {}),
    ("tableau de bord, académie", "bench-admin", "/admin/", {}),
    ("admin partenariats, RBDE", "bench-rbde", "/admin/partenariats/", {}),
    ("  filtre statut + département", "bench-rbde", "/admin/partenariats/",
     {"status": "actif", "departement": "31"}),
    ("  filtre sans interaction depuis", "bench-rbde", "/admin/partenariats/",
     {"no_interaction_since": "2026-01-01"}),
    ("  recherche « Garage »", "bench-rbde", "/admin/partenariats/", {"q": "Garage"}),
    ("  tri fin de convention, page 3", "bench-rbde", "/admin/partenariats/",
     {"ordering": "-convention_end", "p": "3"}),
    ("  export CSV (600 lignes)", "bench-rbde", "/admin/partenariats/", {"export": "csv"}),
    ("  export XLSX (600 lignes)", "bench-rbde", "/admin/partenariats/", {"export": "xlsx"}),
    ("admin partenariats, académie", "bench-admin", "/admin/partenariats/", {}),
    ("  filtre statut + secteur + label", "bench-admin", "/admin/partenariats/",
     BySize({0: {"status": "actif", "sector": "C", "label": "cmq"},
             10_000: {"status": "en_sommeil", "sector": "F", "label": "cmq"}})),
    ("  convention finissant avant", "bench-admin", "/admin/partenariats/",
     {"convention_end_before": IN_A_YEAR, "p": "10"}),
    ("  filtre établissement (UAI)", "bench-admin", "/admin/partenariats/",
     {"school": uai_for(0)}),
    ("journal des échanges, RBDE", "bench-rbde", "/admin/partenariats/journal/", {}),
    ("journal des échanges, académie", "bench-admin", "/admin/partenariats/journal/", {}),
    ("feuille de route, RBDE", "bench-rbde", "/admin/partenariats/feuille-de-route/", {}),
    ("admin entreprises, RBDE", "bench-rbde", "/admin/entreprises/", {}),
    ("  filtre commune + secteur", "bench-rbde", "/admin/entreprises/",
     {"town": "Toul", "naf_section": "F"}),
    ("  recherche par SIRET", "bench-rbde", "/admin/entreprises/", {"q": "100"}),
    ("  export CSV", "bench-rbde", "/admin/entreprises/", {"export": "csv"}),
    ("  export XLSX", "bench-rbde", "/admin/entreprises/", {"export": "xlsx"}),
    ("admin entreprises, académie", "bench-admin", "/admin/entreprises/", {}),
    ("  filtre département 2A, page 2", "bench-admin", "/admin/entreprises/",
     {"departement": "2A", "p": "2"}),
    ("  filtre label CMQ", "bench-admin", "/admin/entreprises/", {"label": "cmq"}),
    ("admin contacts, RBDE", "bench-rbde", "/admin/contacts/", {}),
    ("  export CSV des contacts", "bench-rbde", "/admin/contacts/", {"export": "csv"}),
    ("admin contacts, académie", "bench-admin", "/admin/contacts/", {}),
    ("propositions, RBDE", "bench-rbde", "/admin/propositions/", {}),
    ("formations des tuteurs, RBDE", "bench-rbde", "/admin/formations/sessions/", {}),
    ("pacte de l’établissement, direction", "bench-direction", "/admin/pacte/", {}),
    ("journal des rappels, RBDE", "bench-rbde", "/admin/rappels/journal/", {}),
    ("courriels envoyés, académie", "bench-admin", "/admin/courriels/", {}),
    ("indicateurs, académie", "bench-admin", "/admin/pilotage/", {}),
    ("placements PFMP, RBDE", "bench-rbde", "/admin/pfmp/tableau/", {}),
    ("  PFMP, une période (30 élèves)", "bench-rbde", "/admin/pfmp/tableau/periode/1/", {}),
    ("  PFMP, placer : suggestions", "bench-rbde", "/admin/pfmp/tableau/periode/1/eleve/30/placer/",
     {}),
    ("  PFMP, export des jours effectués", "bench-rbde", "/admin/pfmp/tableau/jours-effectues.xlsx",
     {}),
    # One row per school: the 1,000 companies' seed has 21 schools, so this page shows 21 rows
    # there and 50 at national size (2,100 schools), and the XLSX 21 rows against 2,100. Like
    # for like, the filters the académie has: département 31 holds 2 of the 21 lycées (n°0 and
    # n°16) and 132 of the 2,100, of which the name « n°208 » keeps 2 (n°208 and n°2080); one
    # lycée by its UAI at both sizes.
    ("taux de placement PFMP, académie", "bench-admin", "/admin/pilotage/placements/", {}),
    ("  taux PFMP, dépt + lycée (2 lignes)", "bench-admin", "/admin/pilotage/placements/",
     BySize({0: {"departement": "31", "lycee": "professionnel"},
             10_000: {"departement": "31", "lycee": "n°208"}})),
    ("  taux PFMP, un lycée par son UAI", "bench-admin", "/admin/pilotage/placements/",
     {"lycee": uai_for(0)}),
    ("  export XLSX des taux PFMP", "bench-admin", "/admin/pilotage/placements.xlsx", {}),
    ("  export XLSX taux, dépt + lycée", "bench-admin", "/admin/pilotage/placements.xlsx",
     BySize({0: {"departement": "31", "lycee": "professionnel"},
             10_000: {"departement": "31", "lycee": "n°208"}})),
    ("annuaire public", None, "/entreprises-partenaires/", {}),
    ("  filtre secteur + département", None, "/entreprises-partenaires/",
     {"naf_section": "I", "departement": "31"}),
    ("  filtre lycée (UAI), page 5", None, "/entreprises-partenaires/",
     {"school": uai_for(0), "page": "5"}),
]  # fmt: skip
