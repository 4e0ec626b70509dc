"""What the formations' admin screens share: the user's schools and a person's name."""

from etablissements.models import School


def _schools(request):
    if request is None:
        return School.objects.none()
    return School.objects.for_user(request.user).order_by("name")


def person_name(user):
    return (user.get_full_name() or user.get_username()) if user else ""
