"""The demo of a need routed to the nearest schools (offres.routing): positions of the demo
schools, two more schools near Toulouse, and a mentoring offer sent with no school chosen."""

from decimal import Decimal

from etablissements.models import School
from etablissements.services import diploma_find_or_create, school_save

from .models import SchoolDiploma, Submission, SubmissionKind, SubmissionStatus
from .services import submission_answer, submission_create

# Routing: where the demo schools are, and two more schools near Toulouse preparing the
# électricité trades, so that a mentoring offer typed with no school chosen reaches the three
# nearest (Roland-Garros, Jean-Jaurès in Colomiers, Clément-Ader in Muret).
DEMO_POSITIONS = {
    "0310047H": (Decimal("43.60430"), Decimal("1.44370")),
    "0820021C": (Decimal("44.01760"), Decimal("1.35500")),
    "0650027B": (Decimal("43.23280"), Decimal("0.07810")),
}
ROUTING_SCHOOLS = [
    {
        "uai": "0310090E",
        "name": "Lycée professionnel Jean-Jaurès",
        "kind": "LP",
        "town": "Colomiers",
        "postcode": "31770",
        "academy": "Toulouse",
        "latitude": Decimal("43.61120"),
        "longitude": Decimal("1.33460"),
        "bde_email": "bde.jaures@example.org",
    },
    {
        "uai": "0310091F",
        "name": "Lycée professionnel Clément-Ader",
        "kind": "LP",
        "town": "Muret",
        "postcode": "31600",
        "academy": "Toulouse",
        "latitude": Decimal("43.46170"),
        "longitude": Decimal("1.32640"),
        "bde_email": "bde.ader@example.org",
    },
]
ROUTED_MENTORING = {
    "mentors": 2,
    "hours_per_month": "2",
    "duration_months": 6,
    "structure": "Association Proxité",
    "fields_of_action": ["orientation", "confiance"],
    "mode": "presentiel",
    "ptech": [],
}


def routing_demo_load(companies, rbde) -> Submission | None:
    """A mentoring offer sent with no school chosen: it reaches the three nearest schools that
    prepare the électricité trades; Roland-Garros accepts and leads, the others see it taken."""
    for school in School.objects.filter(uai__in=DEMO_POSITIONS, latitude__isnull=True):
        school.latitude, school.longitude = DEMO_POSITIONS[school.uai]
        school_save(row=school)
    for data in ROUTING_SCHOOLS:
        school = School.objects.filter(uai=data["uai"]).first() or school_save(row=School(**data))
        SchoolDiploma.objects.get_or_create(
            school=school,
            name="Bac pro MELEC",
            defaults={
                "trade_area": "électricité",
                "diploma": diploma_find_or_create(label="Bac pro MELEC"),
            },
        )
    company = companies[0]
    if Submission.objects.filter(company=company, routed=True).exists():
        return None
    submission = submission_create(
        kind=SubmissionKind.MENTORING,
        siret=company.siret,
        company_name=company.name,
        postcode=company.postcode,
        town=company.town,
        email="mentorat@entreprise-demo.example",
        first_name="Lucie",
        last_name="Démo",
        details=ROUTED_MENTORING,
        trade_area="électricité",
        distance="50",
    )
    lead = submission.addressees.filter(school__uai="0310047H").first()
    if lead is not None and rbde is not None:
        submission_answer(addressee=lead, status=SubmissionStatus.ACCEPTED, by=rbde)
    return submission
