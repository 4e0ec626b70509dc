import factory
from django.contrib.auth import get_user_model

from etablissements.models import Membership, School
from etablissements.roles import Role
from etablissements.validators import uai_check_letter


def _uai(n: int) -> str:
    digits = f"{310000 + n:07d}"
    return digits + uai_check_letter(digits)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("uai",)

    uai = factory.Sequence(_uai)
    name = factory.Sequence(lambda n: f"Lycée professionnel n°{n}")
    kind = "LP"
    town = "Toulouse"
    postcode = "31000"
    academy = "Toulouse"

    class Params:
        lpo = factory.Trait(kind="LPO", name=factory.Sequence(lambda n: f"Lycée polyvalent n°{n}"))


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"utilisateur{n}")
    first_name = "Camille"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.org")
    is_staff = True
    password = factory.django.Password("mot-de-passe-de-test")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(SchoolFactory)
    role = Role.RBDE

    class Params:
        teacher = factory.Trait(role=Role.TEACHER)
        direction = factory.Trait(role=Role.DIRECTION)


def staff_user(school, role=Role.RBDE, **kwargs):
    """A user holding `role` in `school`, in the role's group (through the service)."""
    from etablissements.services import membership_grant

    user = UserFactory(**kwargs)
    membership_grant(user=user, school=school, role=role)
    return user
