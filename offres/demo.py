"""The "Travailler avec un lycée professionnel" pages and a few submissions. Idempotent."""

from django.contrib.auth import get_user_model
from django.db import transaction

from entreprises.models import Company
from etablissements.models import School
from etablissements.services import diploma_find_or_create

from .demo_prospects import prospects_demo_load
from .demo_routing import routing_demo_load
from .models import FollowUpStatus, SchoolDiploma, Submission, SubmissionKind, SubmissionStatus
from .pages import WayPage, WaysIndexPage
from .services import specialisation_set_followup, submission_answer, submission_create

INDEX_SLUG = "travailler-avec-un-lycee-professionnel"
INDEX_INTRO = (
    "<p>Votre entreprise peut travailler avec les lycées professionnels de plusieurs façons, de la "
    "visite d’atelier pour des collégiens jusqu’à l’ouverture d’une formation qui répond à vos "
    "besoins de recrutement. Choisissez celle qui vous ressemble : chaque page l’explique et se "
    "termine par un court formulaire, sans compte à créer.</p>"
)

# (kind, slug, title, summary, body) — written for companies, in plain French.
WAYS = [
    (
        SubmissionKind.SPECIALISATION,
        "ouvrir-une-formation",
        "Demander l’ouverture d’une formation de spécialisation",
        "Vous peinez à recruter au niveau bac ? Un lycée peut ouvrir, en un an au plus et "
        "toujours en alternance, une formation qui prépare exactement aux postes que vous "
        "proposez.",
        "<h2>Pour qui ?</h2><p>Pour les entreprises qui manquent de candidats formés, dont les "
        "métiers ont changé, ou qui veulent donner sa chance à des jeunes éloignés de "
        "l’emploi.</p><h2>Quelles formations ?</h2><ul><li>certificat de spécialisation "
        "(anciennement mention complémentaire) ;</li><li>certificat de spécialisation "
        "agricole ;</li><li>formation complémentaire d’initiative "
        "locale (FCIL), de six mois à un an ;</li><li>coloration d’un diplôme existant pour "
        "votre secteur ;</li><li>titre professionnel, certificat de qualification "
        "professionnelle (CQP), CAP ou autre diplôme d’État.</li></ul><h2>Comment faire ?</h2>"
        "<p>Décrivez vos besoins et le nombre de jeunes que vous comptez recruter. Associez-vous "
        "à d’autres entreprises si vous le pouvez : une demande commune pèse davantage. "
        "<strong>Faites vite</strong> : pour figurer dans l’offre présentée sur Parcoursup en "
        "janvier, une demande doit parvenir au lycée dès l’automne.</p>"
        "<h2>Le diplôme n’existe pas encore ?</h2><p>Votre fédération professionnelle peut "
        "porter la demande en <strong>commission professionnelle consultative (CPC)</strong>, "
        "l’instance nationale qui crée les diplômes : une note d’opportunité, puis un groupe de "
        "travail qui écrit le référentiel en 12 à 18 mois. Dites-le dans votre demande : le "
        "lycée vous aide à la préparer.</p>",
    ),
    (
        SubmissionKind.RECRUITMENT,
        "difficultes-de-recrutement",
        "Signaler vos difficultés de recrutement",
        "Dites au lycée quels métiers vous n’arrivez pas à pourvoir : chaque année, le rectorat "
        "et la Région revoient les formations ouvertes en tenant compte de ces témoignages.",
        "<p>La carte des formations professionnelles évolue chaque année. Vos difficultés à "
        "recruter sont une information précieuse : le lycée les fait remonter lorsque le rectorat "
        "et la Région décident des formations à ouvrir ou à fermer.</p><p>Le lycée peut aussi "
        "proposer une formation complémentaire d’initiative locale ou adapter un diplôme à votre "
        "secteur (coloration).</p>",
    ),
    (
        SubmissionKind.DISCOVERY,
        "faire-decouvrir-vos-metiers",
        "Faire découvrir vos métiers aux collégiens",
        "Ouvrez vos ateliers, venez parler de votre métier en classe ou tenez un stand à un "
        "forum : les collégiens choisissent mieux leur orientation quand ils ont vu le travail "
        "réel.",
        "<h2>Dans votre entreprise</h2><ul><li>une visite pour découvrir vos métiers ;</li>"
        "<li>une immersion ou un stage d’observation.</li></ul><h2>Au collège</h2><ul><li>une "
        "intervention en classe sur votre métier et votre parcours ;</li><li>un forum des métiers "
        "ou un salon.</li></ul><p>Ces rencontres luttent contre les idées reçues sur les métiers "
        "et font connaître ceux qui recrutent.</p><h2>À qui s’adresser ?</h2><p>Au bureau des "
        "entreprises du lycée, et si vous le souhaitez directement au collège de votre "
        "territoire (son chef d’établissement ou son référent découverte des métiers) : "
        "indiquez-le dans le formulaire, il reçoit une copie. Le service orientation de la "
        "Région et le rectorat relaient aussi ces actions.</p>",
    ),
    (
        SubmissionKind.PLACEMENT,
        "accueillir-stagiaires-apprentis",
        "Accueillir des stagiaires ou des apprentis",
        "Proposez des places de stage (PFMP) ou d’apprentissage au bureau des entreprises du "
        "lycée, avec vos dates : il les fait connaître aux élèves et aux enseignants.",
        "<p>Le bureau des entreprises est votre porte d’entrée au lycée. Indiquez le diplôme ou "
        "le métier, le nombre de places et les périodes où vous pouvez accueillir des élèves. Vous "
        "pouvez aussi participer au stage dating organisé par le lycée, pour rencontrer les élèves "
        "en quelques minutes chacun.</p><p>Depuis votre espace entreprise, vous mettez votre offre "
        "en pause ou indiquez les places qui restent, à tout moment.</p>",
    ),
    (
        SubmissionKind.MENTORING,
        "proposer-du-mentorat",
        "Proposer du mentorat",
        "Des salariés volontaires accompagnent un lycéen au moins 2 heures par mois pendant au "
        "moins six mois, avec l’appui d’une association.",
        "<p>Le mentorat est bénévole et s’inscrit dans la durée : <strong>2 heures par mois au "
        "minimum, pendant six mois au moins</strong>. Chaque binôme est encadré par une "
        "structure, le plus souvent une association.</p><h2>Sur quoi ?</h2><p>La scolarité, "
        "l’orientation, l’insertion professionnelle, la confiance en soi, l’ouverture "
        "socio-culturelle, la valorisation des compétences, le développement du talent.</p>"
        "<h2>Comment ?</h2><p>À distance, sur place ou les deux. Si votre entreprise participe au "
        "programme P-TECH, précisez le type de mentorat : de projet, en immersion ou de "
        "carrière.</p>",
    ),
    (
        SubmissionKind.CMQ,
        "campus-des-metiers",
        "S’impliquer dans un Campus des métiers et des qualifications",
        "Les Campus réunissent lycées, CFA, universités et entreprises d’une filière : "
        "rejoignez-les pour partager vos besoins en compétences et agir sur l’attractivité de vos "
        "métiers.",
        "<p>Un Campus des métiers et des qualifications n’est pas un organisme de formation : "
        "c’est un collectif labellisé qui connaît toutes les formations de votre filière dans la "
        "région.</p><p>En vous y impliquant, vous pouvez exprimer vos besoins et les comparer à "
        "ceux d’autres entreprises, donner votre avis sur les parcours de formation, mutualiser "
        "des moyens, participer au plan d’attractivité de vos métiers ou former vos "
        "formateurs.</p>",
    ),
    (
        SubmissionKind.ASSOCIATE_TEACHER,
        "professeur-associe",
        "Proposer un salarié comme professeur associé",
        "Un salarié expérimenté peut enseigner son métier au lycée à temps partiel, jusqu’à 162 "
        "heures par an, tout en restant dans votre entreprise.",
        "<p>Le professeur associé transmet son savoir-faire à des jeunes qui se destinent à son "
        "métier. Il justifie d’<strong>au moins cinq ans d’expérience professionnelle</strong> "
        "en lien avec une discipline enseignée au lycée professionnel et enseigne "
        "<strong>162 heures par an au plus</strong>.</p><p>Il est recruté par le rectorat comme "
        "contractuel, pour trois ans au plus, renouvelable dans la limite de six ans.</p>",
    ),
    (
        SubmissionKind.TEACHER_TRAINING,
        "former-les-professeurs",
        "Accueillir des professeurs en formation",
        "Faites connaître l’évolution de vos métiers aux professeurs : visite, immersion sur site "
        "ou webinaire. Chaque professeur de lycée professionnel doit se former en entreprise au "
        "moins une fois tous les trois ans.",
        "<p>Vous pouvez proposer aux professeurs des visites d’entreprise, des stages "
        "d’immersion sur site ou des webinaires thématiques, pour un groupe ou pour une personne. "
        "Le lycée fait le lien avec l’école académique de la formation continue (EAFC).</p>",
    ),
    (
        SubmissionKind.EMPLOYEE_TRAINERS,
        "salaries-formateurs",
        "Faire participer vos salariés à la formation des élèves",
        "Vos salariés peuvent former les élèves quelques heures par semaine, aux côtés des "
        "professeurs, sans devenir professeurs associés.",
        "<p>Un salarié qui connaît son métier peut venir au lycée <strong>quelques heures par "
        "semaine</strong> : démonstrations sur les plateaux techniques, ateliers, préparation "
        "des élèves à leur stage. Il intervient aux côtés du professeur, qui reste responsable "
        "de la classe.</p><p>Pour enseigner vous-même une partie de l’année, voyez plutôt le "
        "professeur associé.</p>",
    ),
]

DEMO_DIPLOMAS = {
    "0310047H": [("Bac pro MELEC", "électricité"), ("CAP électricien", "électricité")],
    "0820021C": [("CAP cuisine", "hôtellerie-restauration"), ("BTS MCO", "commerce")],
    "0650027B": [("Bac pro MSPC", "maintenance")],
}

# Valid SIRETs (Luhn), used only when entreprises/demo.py has none.
FALLBACK_COMPANIES = [
    {
        "siret": "73282932000074",
        "name": "Électricité Garonne",
        "postcode": "31200",
        "town": "Toulouse",
    },
    {
        "siret": "55210055400013",
        "name": "Brasserie du Tarn",
        "postcode": "82000",
        "town": "Montauban",
    },
    {
        "siret": "44306184100047",
        "name": "Ateliers Pyrénées Maintenance",
        "postcode": "65000",
        "town": "Tarbes",
    },
]


@transaction.atomic
def pages_ensure(home) -> WaysIndexPage:
    """The section and its pages (one per kind) under the home page; pages edited since stay."""
    index = WaysIndexPage.objects.first()
    if index is None:
        index = WaysIndexPage(
            title="Travailler avec un lycée professionnel",
            slug=INDEX_SLUG,
            intro=INDEX_INTRO,
            show_in_menus=True,
        )
        home.add_child(instance=index)
    existing = set(WayPage.objects.values_list("kind", flat=True))
    for kind, slug, title, summary, body in WAYS:
        if kind in existing:
            continue
        index.add_child(
            instance=WayPage(title=title, slug=slug, kind=kind, intro=summary, body=body)
        )
    return index


def _companies() -> list[Company]:
    companies = list(Company.objects.active().order_by("pk")[:3])
    if len(companies) >= 3:
        return companies
    for data in FALLBACK_COMPANIES:
        company, _ = Company.objects.get_or_create(siret=data["siret"], defaults=data)
        companies.append(company)
    return companies[:3]


DEMO_SUBMISSIONS = [
    # (company index, kind, school indexes, contact email, details)
    (
        0,
        SubmissionKind.MENTORING,
        [0],
        "rh@electricite-garonne.example",
        {
            "mentors": 3,
            "hours_per_month": "2",
            "duration_months": 9,
            "structure": "Association Article 1",
            "fields_of_action": ["orientation", "insertion"],
            "mode": "mixte",
            "ptech": [],
        },
    ),
    (
        1,
        SubmissionKind.PLACEMENT,
        [0, 1],
        "chef@brasserie-du-tarn.example",
        {
            "placement": "pfmp",
            "diploma": "CAP cuisine",
            "places": 2,
            "period1_start": "2027-01-11",
            "period1_end": "2027-02-05",
            "period2_start": None,
            "period2_end": None,
            "stage_dating": True,
        },
    ),
    (
        2,
        SubmissionKind.SPECIALISATION,
        [0],
        "direction@ateliers-pyrenees.example",
        {
            "course_type": "cs_mc",
            "course_other": "",
            "trade": "maintenance des éoliennes",
            "needs": "Des techniciens habilités au travail en hauteur et aux courants forts.",
            "target_jobs": "Technicien de maintenance éolienne",
            "hires": 4,
            "learner_status": "apprenti",
            "other_companies": "",
        },
    ),
    (
        0,
        SubmissionKind.ASSOCIATE_TEACHER,
        [1],
        "rh@electricite-garonne.example",
        {
            "discipline": "Électrotechnique",
            "experience_years": 12,
            "hours_per_year": 120,
            "availability": "le jeudi",
        },
    ),
]


@transaction.atomic
def load() -> dict:

    schools = {s.uai: s for s in School.objects.filter(uai__in=DEMO_DIPLOMAS)}
    for uai, diplomas in DEMO_DIPLOMAS.items():
        if uai in schools:
            for name, area in diplomas:
                SchoolDiploma.objects.get_or_create(
                    school=schools[uai],
                    name=name,
                    defaults={
                        "trade_area": area,
                        "diploma": diploma_find_or_create(label=name),
                    },
                )
    ordered = list(School.objects.filter(uai__in=list(DEMO_DIPLOMAS)).order_by("uai"))
    by_uai = {s.uai: s for s in ordered}
    demo_schools = [by_uai.get(uai) for uai in DEMO_DIPLOMAS]
    companies = _companies()
    rbde = get_user_model().objects.filter(username="rbde").first()
    created = []
    for company_index, kind, school_indexes, email, details in DEMO_SUBMISSIONS:
        company = companies[company_index]
        targets = [demo_schools[i] for i in school_indexes if demo_schools[i] is not None]
        if not targets or Submission.objects.filter(company=company, kind=kind).exists():
            continue
        # As the public form sends it: the person, the schools, the mails and reminders.
        submission = submission_create(
            kind=kind,
            siret=company.siret,
            company_name=company.name,
            postcode=company.postcode,
            town=company.town,
            email=email,
            first_name="Camille",
            last_name="Démo",
            schools=targets,
            details=details,
        )
        if kind == SubmissionKind.SPECIALISATION and rbde is not None:
            # Accepted by its first school, so that it is listed publicly for others to join,
            # and marked for the January Parcoursup offer.
            submission_answer(
                addressee=submission.addressees.get(school=targets[0]),
                status=SubmissionStatus.ACCEPTED,
                by=rbde,
            )
            specialisation_set_followup(
                submission=submission,
                followup_status=FollowUpStatus.RECEIVED,
                before_parcoursup=True,
                by=rbde,
            )
        created.append(submission)
    routed = routing_demo_load(companies, rbde)
    if routed is not None:
        created.append(routed)
    prospects_demo_load(get_user_model().objects.filter(username="rbde3").first())
    return {"submissions": created}
