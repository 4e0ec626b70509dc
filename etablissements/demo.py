"""Demo schools and one login per role. Idempotent: running it again changes nothing."""

from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import School
from .roles import Role
from .services import academy_admin_grant, membership_grant

DEMO_PASSWORD = "demo-portail-2026"

SCHOOLS = [
    {
        "uai": "0310047H",
        "name": "Lycée professionnel Roland-Garros",
        "kind": "LP",
        "town": "Toulouse",
        "postcode": "31000",
        "academy": "Toulouse",
        "bde_email": "bde.roland-garros@example.org",
    },
    {
        "uai": "0820021C",
        "name": "Lycée polyvalent Antoine-Bourdelle",
        "kind": "LPO",
        "town": "Montauban",
        "postcode": "82000",
        "academy": "Toulouse",
        "bde_email": "bde.bourdelle@example.org",
    },
    {
        "uai": "0650027B",
        "name": "SEP du lycée Jean-Dupuy",
        "kind": "SEP",
        "town": "Tarbes",
        "postcode": "65000",
        "academy": "Toulouse",
        "bde_email": "bde.dupuy@example.org",
    },
    {
        # Where the recorded answer of the companies register is (offres/demo_prospects.py).
        "uai": "0350026N",
        "name": "Lycée professionnel Coëtlogon",
        "kind": "LP",
        "town": "Rennes",
        "postcode": "35000",
        "academy": "Rennes",
        "latitude": Decimal("48.11170"),
        "longitude": Decimal("-1.69000"),
        "bde_email": "bde.coetlogon@example.org",
    },
]

# username, first name, last name, role (None: academy administrator), school index
USERS = [
    ("admin", "Claire", "Académie", None, None),
    ("rbde", "Rachid", "Benali", Role.RBDE, 0),
    ("enseignant", "Élise", "Martin", Role.TEACHER, 0),
    ("direction", "Denis", "Roux", Role.DIRECTION, 0),
    ("rbde2", "Sophie", "Garcia", Role.RBDE, 1),
    ("rbde3", "Maëlle", "Le Goff", Role.RBDE, 3),
]


@transaction.atomic
def load() -> dict:
    schools = []
    for data in SCHOOLS:
        school, _ = School.objects.get_or_create(uai=data["uai"], defaults=data)
        schools.append(school)
    User = get_user_model()
    users = {}
    for username, first, last, role, school_index in USERS:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User.objects.create_user(
                username=username,
                password=DEMO_PASSWORD,
                first_name=first,
                last_name=last,
                email=f"{username}@example.org",
                is_staff=True,
            )
        if role is None:
            academy_admin_grant(user=user)
            if not user.is_superuser:
                user.is_superuser = True
                user.save(update_fields=["is_superuser"])
        else:
            membership_grant(user=user, school=schools[school_index], role=role)
        users[username] = user
    return {"schools": schools, "users": users}


def logins() -> list[tuple[str, str, str]]:
    """(login, password, what it is) for the README and the `make run` banner."""
    labels = {
        "admin": "administrateur académique (tous les établissements)",
        "rbde": f"RBDE — {SCHOOLS[0]['name']}",
        "enseignant": f"enseignant du Pacte — {SCHOOLS[0]['name']}",
        "direction": f"direction — {SCHOOLS[0]['name']}",
        "rbde2": f"RBDE — {SCHOOLS[1]['name']}",
        "rbde3": f"RBDE — {SCHOOLS[3]['name']} (entreprises à démarcher)",
    }
    return [(name, DEMO_PASSWORD, labels[name]) for name, *_ in USERS]
