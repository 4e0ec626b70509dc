import pytest

from api.services import api_token_create
from etablissements.services import academy_admin_grant
from tests.entreprises.factories import CompanyFactory, ContactFactory
from tests.etablissements.factories import SchoolFactory, UserFactory
from tests.formations.factories import RegistrationFactory, TutorTrainingFactory
from tests.partenariats.factories import PartnershipFactory


@pytest.fixture
def school_a(db):
    return SchoolFactory(name="Lycée Alpha")


@pytest.fixture
def school_b(db):
    return SchoolFactory(name="Lycée Bêta")


@pytest.fixture
def data(school_a, school_b):
    """Each school with its partnership, session and registration; one company shared."""
    shared = CompanyFactory(name="Garage Commun", postcode="31000")
    rows = {}
    for school, name in ((school_a, "Alpha"), (school_b, "Bêta")):
        own = CompanyFactory(name=f"Entreprise {name}")
        PartnershipFactory(school=school, company=own, status="prospect")
        PartnershipFactory(school=school, company=shared, status="actif")
        training = TutorTrainingFactory(school=school, title=f"Session {name}")
        contact = ContactFactory(company=own, last_name=f"Tuteur{name}")
        RegistrationFactory(training=training, contact=contact)
        rows[name] = (own, training)
    return rows


@pytest.fixture
def key_a(school_a):
    return api_token_create(name="tableur Alpha", school=school_a)[1]


@pytest.fixture
def key_academy(db):
    return api_token_create(name="rectorat")[1]


@pytest.fixture
def academy_admin(db):
    user = UserFactory(username="academie")
    academy_admin_grant(user=user)
    return user
