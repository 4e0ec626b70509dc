"""What the company and contact screens share: their namespaces, the RBDE's school and scope."""

from django.shortcuts import get_object_or_404

from etablissements.models import School
from etablissements.roles import Role

from ..models import Company, Contact

COMPANY_NS = "entreprises_admin"


CONTACT_NS = "contacts_admin"


def user_rbde_school(user) -> School | None:
    """The school in whose name an RBDE creates partnerships (the first, if several)."""
    return School.objects.for_user(user, roles=[Role.RBDE]).order_by("name").first()


def company_in_scope(user, pk) -> Company:
    return get_object_or_404(Company.objects.for_user(user), pk=pk)


def contact_in_scope(user, pk) -> Contact:
    return get_object_or_404(Contact.objects.for_user(user).select_related("company"), pk=pk)
