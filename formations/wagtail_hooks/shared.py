"""What the formations' admin screens share: the user's schools and a person's name."""

from etablissements.labels import person_name
from etablissements.models import School

__all__ = ["person_name"]


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")
