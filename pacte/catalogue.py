"""The LP mission catalogue and the first school years, as loaded by the data migration.

Facts from the DGESCO texts (June 2023 presentation, LP summary table, 2024 nomenclature);
the wording is the portal's own. The academy administrator edits the rows afterwards.
Kept as plain data (no model import) so that a migration can use it.
"""

from decimal import Decimal

SCHOOL_YEARS = [
    # label, start, end, value of a part, yearly cap (2023 texts: 1 250 € a part, 7 500 € a year)
    ("2025-2026", "2025-09-01", "2026-08-31", Decimal("1250.00"), Decimal("7500.00")),
    ("2026-2027", "2026-09-01", "2027-08-31", Decimal("1250.00"), Decimal("7500.00")),
]

LIEN_ENTREPRISE_CODE = "lp-forfait-lien-entreprise"

MISSIONS = [
    {
        "code": "lp-rcd",
        "title": "Remplacement de courte durée (mission prioritaire)",
        "action": (
            "Remplacer un collègue absent moins de quinze jours, dans les formations infra-bac"
        ),
        "description": (
            "Le chef d’établissement recense les besoins et les volontaires et organise les "
            "remplacements tout au long de l’année, en priorité sur les autres missions."
        ),
        "part_kind": "rcd",
        "hours": 18,
        "axis": "continuite",
        "default_expected_results": "Remplacements assurés à la demande de la direction.",
    },
    {
        "code": "lp-faf-options",
        "title": "Permettre aux lycéens d’avoir des options",
        "action": (
            "Animer une activité optionnelle (codage, entrepreneuriat, LV2, art oratoire, "
            "philosophie…)"
        ),
        "description": (
            "Ouverture et épanouissement des élèves par une ou deux activités optionnelles "
            "ajoutées à leur emploi du temps ; la liste suit le projet de l’établissement et "
            "ses partenariats, sans programme imposé."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "eleve",
    },
    {
        "code": "lp-faf-petits-groupes",
        "title": "Accompagner les difficultés scolaires",
        "action": (
            "Prendre en charge de petits groupes d’élèves selon leurs besoins (troubles dys, "
            "handicap, difficultés dans les enseignements généraux)"
        ),
        "description": (
            "Interventions en complément des tests de positionnement, de l’accompagnement "
            "personnalisé et de la consolidation ; enseignement du français et des "
            "mathématiques en groupes à effectifs réduits."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "eleve",
    },
    {
        "code": "lp-faf-stages-reussite",
        "title": "Résorber les difficultés scolaires",
        "action": "Stages de réussite – École ouverte pendant les vacances scolaires",
        "description": (
            "Consolider en français ou en mathématiques des compétences ciblées, avec l’accord "
            "des familles : fin août, vacances d’automne ou de printemps."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "eleve",
    },
    {
        "code": "lp-faf-consolidation-sts",
        "title": "Accompagner la suite du parcours",
        "action": (
            "Intervenir dans les parcours de consolidation en STS pour les étudiants fragiles"
        ),
        "description": (
            "Renforcement disciplinaire en petits groupes et ateliers de méthode après le bilan "
            "de mi-semestre ; tout ou partie des heures peut servir à coordonner le dispositif "
            "avec l’équipe de STS."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "eleve",
    },
    {
        "code": "lp-faf-specialisation",
        "title": "Accompagner la suite du parcours",
        "action": "Enseigner dans les certificats de spécialisation (mentions complémentaires)",
        "description": (
            "Heures d’enseignement en formation de spécialisation post-bac, au-delà du service, "
            "y compris la préparation et le suivi des PFMP."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "tissu_economique",
    },
    {
        "code": "lp-faf-decouverte-metiers",
        "title": "Accompagner les collégiens dans leur découverte des métiers",
        "action": (
            "Présenter les filières dans les collèges, accueillir des collégiens sur les "
            "plateaux techniques, participer aux forums des métiers"
        ),
        "description": (
            "Accueil de classes de collège au lycée, interventions dans les collèges voisins "
            "et participation aux forums du bassin."
        ),
        "part_kind": "face_a_face",
        "hours": 24,
        "axis": "tissu_economique",
    },
    {
        "code": "lp-forfait-tutorat",
        "title": "Accompagner les difficultés scolaires",
        "action": "Tutorer un groupe d’élèves en tant que professeur référent",
        "description": (
            "Suivi individualisé renforcé, accompagnement pédagogique adapté en lien avec le "
            "professeur principal, aide à l’orientation ; un bilan du groupe avant chaque "
            "conseil de classe."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "eleve",
    },
    {
        "code": "lp-forfait-decrochage",
        "title": "Prévenir et lutter contre le décrochage scolaire",
        "action": (
            "Repérer les élèves en voie de décrochage et organiser leur prise en charge avec "
            "les partenaires du lycée"
        ),
        "description": (
            "Coordination de la prévention avec le GPDS, la MLDS, le CIO, le réseau Foquale et "
            "la PSAD ; suivi des élèves pris en charge."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "eleve",
    },
    {
        "code": "lp-forfait-france-travail",
        "title": "Accompagnement vers l’emploi",
        "action": (
            "Accompagner les élèves de terminale avant, pendant et après l’accompagnement "
            "personnalisé de France Travail"
        ),
        "description": (
            "Coordination des ateliers de France Travail, liaison avec les équipes "
            "pédagogiques et suivi des participants avec le professeur principal."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "eleve",
    },
    {
        "code": "lp-forfait-avenir-pro-plus",
        "title": "Accompagnement vers l’emploi",
        "action": (
            "Accompagner après la terminale les jeunes ni en emploi ni en formation "
            "(Avenir pro +, anciennement Ambition emploi)"
        ),
        "description": (
            "Parcours personnalisés (recherche d’emploi ou d’alternance, consolidation, stages, "
            "immersions) coordonnés avec les acteurs locaux de l’emploi."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "tissu_economique",
    },
    {
        "code": LIEN_ENTREPRISE_CODE,
        "title": "Accompagnement vers l’emploi",
        "action": (
            "Faire vivre le lien établissement – entreprise (accompagnement des tuteurs de "
            "stage, participation aux actions du bureau des entreprises)"
        ),
        "description": (
            "Accompagner les tuteurs de stage dans l’accueil et l’évaluation des élèves "
            "(supports, temps dédiés aux tuteurs dans l’établissement) ; aider à faire durer "
            "les partenariats avec les entreprises, avec le bureau des entreprises : suivi des "
            "partenariats engagés, nouveaux partenaires, venue des professionnels dans la vie "
            "du lycée."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "tissu_economique",
        "counts_portal_activity": True,
        "default_expected_results": (
            "Sessions de formation des tuteurs animées, partenariats suivis et journal tenu, "
            "partenaires réunis aux moments clés de l’année."
        ),
    },
    {
        "code": "lp-forfait-projets-innovants",
        "title": "Participer au projet d’établissement",
        "action": (
            "Coordonner des projets pédagogiques innovants (notamment CNR « Notre école, "
            "faisons-la ensemble »)"
        ),
        "description": "Conception, animation et suivi des indicateurs de réussite des projets.",
        "part_kind": "forfait",
        "hours": None,
        "axis": "tissu_economique",
    },
    {
        "code": "lp-forfait-besoins-particuliers",
        "title": "Appui à la prise en charge des élèves à besoins éducatifs particuliers",
        "action": "Soutenir l’équipe sur l’accessibilité pédagogique et éducative",
        "description": (
            "Ressources adaptées pour l’équipe, lien avec le PIAL et l’enseignant référent, "
            "aide à l’identification des besoins des élèves."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "eleve",
    },
    {
        "code": "lp-forfait-decouverte-metiers",
        "title": "Accompagner les collégiens dans leur découverte des métiers",
        "action": (
            "Coordonner les immersions de collégiens et mobiliser le bureau des entreprises "
            "avec les collèges du secteur"
        ),
        "description": (
            "Planification des immersions, accueil des professeurs principaux de collège, "
            "projets de lycéens ambassadeurs."
        ),
        "part_kind": "forfait",
        "hours": None,
        "axis": "tissu_economique",
    },
]


# --- The catalogue of each school year (loaded by migration 0009) ------------------------------
# MISSIONS above is the 2024 nomenclature (seed 002), loaded once by migration 0002 and kept as
# it was for it; what changes by year is written below, the rest is shared.

LIEN_TUTORS_CODE = "lp-forfait-lien-tuteurs"
LIEN_PARTNERSHIPS_CODE = "lp-forfait-lien-partenariats"

# Keys of pacte.activity.METRICS each 2023 lien forfait counts (the merged one counts them all).
TUTOR_METRICS = ["formations_animees", "tuteurs_formes", "actions_hors_portail", "heures"]
PARTNERSHIP_METRICS = [
    "partenariats_suivis",
    "interactions",
    "propositions_traitees",
    "binomes_suivis",
    "mois_mentorat",
    "evenements_organises",
    "actions_hors_portail",
    "heures",
]

# The missions whose half part may open a Pacte (note de service of 22 September 2025: RCD,
# Devoirs faits, Stages de réussite; Devoirs faits is a collège mission, not in the LP list).
OPENS_WITH_HALF_PART = ["lp-rcd", "lp-faf-stages-reussite"]

# 2023-2024 (DGESCO, June 2023, seed 000): two lien forfaits, AvenirPro of Pôle emploi,
# Ambition emploi, in place of the 2024 merged forfait, France Travail and Avenir pro +.
MISSIONS_2023_REPLACED = {
    LIEN_ENTREPRISE_CODE: [
        {
            "code": LIEN_TUTORS_CODE,
            "title": "Faire vivre le lien école-entreprise",
            "action": "Former les tuteurs de stage à l’accueil et à l’évaluation d’un élève",
            "description": (
                "Réunir les tuteurs qui exercent leur mission pour la première fois (référentiel, "
                "attendus de la PFMP), les guider pour la formation et l’évaluation de l’élève, "
                "les informer de leurs devoirs en matière de santé et de sécurité ; en lien avec "
                "le bureau des entreprises, sous la coordination du DDFPT."
            ),
            "part_kind": "forfait",
            "hours": None,
            "axis": "tissu_economique",
            "counts_portal_activity": True,
            "counted_metrics": TUTOR_METRICS,
            "default_expected_results": "Sessions de formation des tuteurs animées.",
        },
        {
            "code": LIEN_PARTNERSHIPS_CODE,
            "title": "Faire vivre le lien école-entreprise",
            "action": (
                "Aider à pérenniser les partenariats avec les entreprises accueillant les élèves"
            ),
            "description": (
                "En appui du responsable du bureau des entreprises : formaliser, animer et suivre "
                "les partenariats, en développer de nouveaux, définir la feuille de route "
                "annuelle, réunir les partenaires aux moments clés de l’année."
            ),
            "part_kind": "forfait",
            "hours": None,
            "axis": "tissu_economique",
            "counts_portal_activity": True,
            "counted_metrics": PARTNERSHIP_METRICS,
            "default_expected_results": (
                "Partenariats suivis et journal tenu, partenaires réunis aux moments clés."
            ),
        },
    ],
    "lp-forfait-france-travail": [
        {
            "code": "lp-forfait-avenirpro",
            "title": "Accompagnement vers l’emploi",
            "action": (
                "Accompagner les élèves de terminale qui veulent s’insérer, en appui du "
                "dispositif AvenirPro de Pôle emploi"
            ),
            "description": (
                "Coordination des interventions et liaison entre les conseillers de Pôle emploi "
                "et les équipes pédagogiques."
            ),
            "part_kind": "forfait",
            "hours": None,
            "axis": "eleve",
        }
    ],
    "lp-forfait-avenir-pro-plus": [
        {
            "code": "lp-forfait-ambition-emploi",
            "title": "Accompagner la suite du parcours",
            "action": (
                "Accompagner après la terminale des jeunes ni en emploi ni en formation "
                "(dispositif Ambition emploi)"
            ),
            "description": (
                "Parcours personnalisés avec les acteurs du service public de l’emploi : "
                "promotion, besoins, démarches, coordination et bilan des parcours."
            ),
            "part_kind": "forfait",
            "hours": None,
            "axis": "tissu_economique",
        }
    ],
}

# What a year's catalogue is made of: 2023-2024 from the 2023 texts, later years from the 2024
# nomenclature. A later year is copied from the one before in the administration.
CATALOGUE_2023 = "2023-2024"

# From 2025-2026 the options mission bears its official name (arrêté of 8 September 2025, art. 1,
# already the 2024 nomenclature's); migration 0014 renames the rows loaded before.
RENAMED_FROM = "2025-2026"
RENAMED_TITLES = {
    "lp-faf-options": (
        "Intervention dans le cadre d’activités optionnelles dans la voie professionnelle"
    ),
}
CATALOGUE_YEARS = ["2023-2024", "2024-2025", "2025-2026", "2026-2027"]


def missions_of(label: str) -> list[dict]:
    """The catalogue rows of a school year loaded by the migration (plain data, positions set)."""
    rows = []
    for data in MISSIONS:
        if label == CATALOGUE_2023 and data["code"] in MISSIONS_2023_REPLACED:
            rows.extend(MISSIONS_2023_REPLACED[data["code"]])
        else:
            rows.append(data)
    return [
        {
            "counts_portal_activity": False,
            "counted_metrics": [],
            "default_expected_results": "",
            **row,
            **_renamed(label, row["code"]),
            "opens_with_half_part": row["code"] in OPENS_WITH_HALF_PART,
            "position": position * 10,
            "degree": "LP",
        }
        for position, row in enumerate(rows, start=1)
    ]


def _renamed(label: str, code: str) -> dict:
    """The official title a mission takes from a given year on (labels sort as years do)."""
    if label >= RENAMED_FROM and code in RENAMED_TITLES:
        return {"title": RENAMED_TITLES[code]}
    return {}
