"""The details form of each kind of offer."""

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from ..mentoring import MENTORING_MIN_HOURS_PER_MONTH, MENTORING_MIN_MONTHS
from .fields import (
    ASSOCIATE_MAX_HOURS_PER_YEAR,
    ASSOCIATE_MIN_YEARS,
    DetailsForm,
    _choice,
    _count,
    _date,
    _line,
    _multi,
    _text,
)

COURSE_TYPES = [
    ("cs_mc", "certificat de spécialisation / mention complémentaire"),
    ("csa", "certificat de spécialisation agricole"),
    ("fcil", "formation complémentaire d’initiative locale (FCIL)"),
    ("coloration", "coloration d’un diplôme professionnel"),
    ("titre_pro", "titre professionnel"),
    ("diplome_etat", "autre diplôme d’État (sport, santé…)"),
    ("cqp", "certificat de qualification professionnelle (CQP)"),
    ("cap", "CAP"),
    ("autre", "autre"),
]

# Action 2 of the guide (seed 004): open an existing diploma in a school of the territory, or,
# when the diploma does not exist yet, the national route through the CPC.
SPECIALISATION_ROUTES = [
    ("locale", "ouvrir une formation qui existe déjà, dans un lycée du territoire"),
    (
        "cpc",
        "créer un diplôme qui n’existe pas encore : demande nationale en commission "
        "professionnelle consultative (CPC), relayée par votre fédération professionnelle",
    ),
]


LEARNER_STATUS = [
    ("scolaire", "sous statut scolaire (avec des stages)"),
    ("apprenti", "sous statut d’apprenti"),
    ("les_deux", "l’un ou l’autre"),
]


class SpecialisationDetailsForm(DetailsForm):
    route = forms.ChoiceField(
        label="Votre demande",
        choices=SPECIALISATION_ROUTES,
        required=False,
        widget=forms.RadioSelect,
        help_text="Pour un diplôme qui n’existe pas encore, une note d’opportunité est établie "
        "puis un groupe de travail écrit le référentiel (12 à 18 mois) ; le lycée vous aide à "
        "préparer la demande.",
    )
    course_type = _choice("Type de formation", COURSE_TYPES)
    course_other = _line(
        "Précisez le type de formation", "Seulement si vous avez choisi « autre ».", False
    )
    trade = _line("Métier ou domaine visé", "Par exemple : maintenance des éoliennes.")
    needs = _text(
        "Vos besoins",
        "Les compétences qui vous manquent, pourquoi vous peinez à recruter au niveau bac.",
    )
    target_jobs = _text("Emplois visés", "Les postes que les jeunes formés occuperaient.")
    hires = _count(
        "Nombre de recrutements envisagés",
        1,
        "Indiquez au moins un recrutement envisagé.",
        "Sur l’année qui suit la formation.",
    )
    learner_status = _choice("Statut des jeunes en formation", LEARNER_STATUS)
    other_companies = _text(
        "Autres entreprises associées à la demande",
        "Facultatif : les entreprises avec qui vous vous coordonnez.",
        required=False,
    )

    def clean(self):
        data = super().clean()
        if data.get("course_type") == "autre" and not data.get("course_other"):
            self.add_error("course_other", "Précisez le type de formation recherché.")
        return data


LEVELS = [
    ("cap", "CAP"),
    ("bac_pro", "bac professionnel"),
    ("bts", "BTS"),
    ("autre", "autre ou sans diplôme précis"),
]


class RecruitmentDetailsForm(DetailsForm):
    jobs = _line("Métiers difficiles à pourvoir")
    level = _choice("Niveau recherché", LEVELS)
    positions_per_year = _count(
        "Postes à pourvoir par an", 1, "Indiquez au moins un poste à pourvoir."
    )
    difficulty = _text("Vos difficultés", "Manque de candidats, compétences absentes…")
    suggestion = _text(
        "Formation que vous aimeriez voir évoluer ou ouvrir", required=False, help_text=""
    )


DISCOVERY_ACTIONS = [
    ("visite", "visite de l’entreprise"),
    ("immersion", "immersion ou stage d’observation"),
    ("intervention", "intervention en classe"),
    ("forum", "forum des métiers, salon"),
]


class DiscoveryDetailsForm(DetailsForm):
    actions = _multi("Actions proposées", DISCOVERY_ACTIONS)
    trades = _line("Métiers présentés")
    group_size = _count(
        "Collégiens accueillis au plus par séance", 1, "Indiquez au moins un collégien."
    )
    availability = _line("Périodes possibles", "Par exemple : mardis après-midi.", False)
    # The guide names the collège as a contact too (seed 004, Action 3): the request may also go
    # to its head or its « référent découverte des métiers ».
    college_name = _line(
        "Collège à qui l’adresser aussi",
        "Facultatif : le collège de votre territoire, en plus du lycée.",
        False,
    )
    college_email = forms.EmailField(
        label="Courriel du chef d’établissement ou du référent découverte des métiers du collège",
        required=False,
        max_length=254,
        help_text="Il reçoit une copie de votre proposition et vous répond directement.",
    )

    def clean(self):
        data = super().clean()
        if data.get("college_email") and not data.get("college_name"):
            self.add_error("college_name", "Indiquez le nom du collège.")
        return data


PLACEMENT_KINDS = [
    ("pfmp", "stage (PFMP)"),
    ("apprentissage", "contrat d’apprentissage"),
    ("les_deux", "stage ou apprentissage"),
]


class PlacementDetailsForm(DetailsForm):
    placement = _choice("Vous proposez", PLACEMENT_KINDS)
    diploma = _line("Diplôme ou métier", "Par exemple : bac pro MELEC, CAP cuisine.")
    places = _count("Nombre de places", 1, "Proposez au moins une place.", maximum=500)
    period1_start = _date("Début de la période")
    period1_end = _date("Fin de la période")
    period2_start = _date("Début d’une deuxième période", required=False)
    period2_end = _date("Fin de la deuxième période", required=False)
    stage_dating = forms.BooleanField(
        label="Je veux participer au prochain stage dating du lycée", required=False
    )

    def clean(self):
        data = super().clean()
        for n in (1, 2):
            start, end = data.get(f"period{n}_start"), data.get(f"period{n}_end")
            if (start is None) != (end is None) and n == 2:
                missing = f"period{n}_end" if end is None else f"period{n}_start"
                if missing not in self.errors:
                    self.add_error(missing, "Donnez le début et la fin de la période.")
            if start and end and end < start:
                self.add_error(f"period{n}_end", "La fin de la période précède son début.")
        return data


MENTORING_FIELDS = [
    ("scolarite", "accompagnement à la scolarité"),
    ("orientation", "aide à l’orientation"),
    ("insertion", "insertion professionnelle"),
    ("confiance", "confiance en soi"),
    ("ouverture", "ouverture socio-culturelle"),
    ("competences", "valorisation des compétences"),
    ("talent", "développement du talent et du potentiel"),
]


MENTORING_MODES = [
    ("distanciel", "100 % à distance"),
    ("presentiel", "100 % sur place"),
    ("mixte", "mixte"),
]


PTECH_KINDS = [
    ("projet", "mentorat de projet"),
    ("immersion", "mentorat en immersion"),
    ("carriere", "mentorat de carrière"),
]


class MentoringDetailsForm(DetailsForm):
    mentors = _count("Nombre de mentors", 1, "Proposez au moins un mentor.", maximum=200)
    hours_per_month = forms.DecimalField(
        label="Heures par mois et par mentor",
        help_text=f"Au moins {MENTORING_MIN_HOURS_PER_MONTH} heures par mois.",
        max_digits=4,
        decimal_places=1,
        validators=[
            MinValueValidator(
                MENTORING_MIN_HOURS_PER_MONTH,
                message="Le mentorat demande au moins 2 heures par mois.",
            ),
            MaxValueValidator(40, message="Indiquez au plus 40 heures par mois."),
        ],
    )
    duration_months = _count(
        "Durée de l’engagement (en mois)",
        MENTORING_MIN_MONTHS,
        "Le mentorat dure au moins 6 mois.",
        f"Au moins {MENTORING_MIN_MONTHS} mois.",
        maximum=60,
    )
    structure = _line(
        "Structure qui encadre les binômes",
        "Le plus souvent une association (par exemple membre du Collectif Mentorat).",
    )
    fields_of_action = _multi("Champs d’action", MENTORING_FIELDS)
    mode = _choice("Modalités", MENTORING_MODES)
    ptech = forms.MultipleChoiceField(
        label="Programme P-TECH",
        help_text="Facultatif : si votre entreprise y participe.",
        choices=PTECH_KINDS,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


CMQ_INVOLVEMENT = [
    ("besoins", "exprimer nos besoins en compétences"),
    ("ressources", "trouver des ressources pour notre formation interne"),
    ("avis", "donner notre avis sur les parcours de formation"),
    ("mutualiser", "mutualiser des moyens de formation"),
    ("attractivite", "participer au plan d’attractivité des métiers"),
    ("formateurs", "former nos formateurs"),
]


class CmqDetailsForm(DetailsForm):
    campus = _line("Campus ou filière", "Par exemple : Campus aéronautique et spatial.")
    involvement = _multi("Ce que vous souhaitez faire", CMQ_INVOLVEMENT)
    message = _text("Précisions", required=False)


class AssociateTeacherDetailsForm(DetailsForm):
    discipline = _line("Métier ou discipline enseignée en lycée professionnel")
    experience_years = _count(
        "Années d’expérience du salarié dans ce métier",
        ASSOCIATE_MIN_YEARS,
        "Un professeur associé justifie d’au moins 5 ans d’expérience professionnelle.",
        maximum=50,
    )
    hours_per_year = forms.IntegerField(
        label="Heures d’enseignement par an",
        help_text=f"{ASSOCIATE_MAX_HOURS_PER_YEAR} heures par an au plus.",
        validators=[
            MinValueValidator(1, message="Indiquez au moins une heure."),
            MaxValueValidator(
                ASSOCIATE_MAX_HOURS_PER_YEAR,
                message="Un professeur associé enseigne 162 heures par an au plus.",
            ),
        ],
    )
    availability = _line("Disponibilités", "Par exemple : le jeudi.", False)


TRAINING_FORMATS = [
    ("visite", "visite d’entreprise"),
    ("immersion", "stage d’immersion sur site"),
    ("webinaire", "webinaire thématique"),
]


class TeacherTrainingDetailsForm(DetailsForm):
    formats = _multi("Formats proposés", TRAINING_FORMATS)
    topic = _line("Thème", "Les métiers ou les évolutions que les professeurs découvriront.")
    seats = _count("Professeurs accueillis au plus", 1, "Accueillez au moins un professeur.")
    dates = _line("Dates ou périodes envisagées", required=False)


class EmployeeTrainersDetailsForm(DetailsForm):
    """Employees who take part in training pupils a few hours a week beside the teachers
    (seed 004, Action 4), without being professeurs associés."""

    trade = _line("Métier ou domaine", "Par exemple : soudure, cuisine, maintenance.")
    employees = _count(
        "Salariés qui interviendraient", 1, "Proposez au moins un salarié.", maximum=50
    )
    hours_per_week = forms.IntegerField(
        label="Heures par semaine, par salarié",
        help_text="Quelques heures par semaine, aux côtés des professeurs.",
        validators=[
            MinValueValidator(1, message="Indiquez au moins une heure."),
            MaxValueValidator(10, message="Quelques heures par semaine : 10 au plus."),
        ],
    )
    classes = _line(
        "Classes ou diplômes concernés", "Par exemple : bac pro MELEC, 1re année.", False
    )
    availability = _line("Disponibilités", "Par exemple : le jeudi matin.", False)
