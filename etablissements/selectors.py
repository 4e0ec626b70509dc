"""Reads about who works where: the one rule "a teacher of this school"."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from common.identifiers import nfkc, parse_id

from .models import Membership, School
from .roles import Role
from .validators import UAI_PATTERN, normalize_uai


def is_teacher_of(user, school) -> bool:
    """`user` holds the teacher role in `school` (a school or its id)."""
    if user is None or not getattr(user, "pk", None):
        return False
    school_id = getattr(school, "pk", school)
    return Membership.objects.filter(user=user, school_id=school_id, role=Role.TEACHER).exists()


def not_teachers_of(school, users) -> list:
    """Those of `users` who do not hold the teacher role in `school` (one query)."""
    school_id = getattr(school, "pk", school)
    teachers = set(
        Membership.objects.filter(school_id=school_id, role=Role.TEACHER).values_list(
            "user_id", flat=True
        )
    )
    return [user for user in users if user.pk not in teachers]


def teachers_of(school):
    """The users holding the teacher role in `school` (a school or its id), by name."""

    school_id = getattr(school, "pk", school)
    return (
        get_user_model()
        .objects.filter(memberships__school_id=school_id, memberships__role=Role.TEACHER)
        .distinct()
        .order_by("last_name", "first_name")
    )


def school_ids_named(text: str) -> list[int]:
    """The ids of the schools a person typed into a "Lycée" filter (school_named_q). Ids, not a
    subquery: with a subquery the planner cannot tell one school's rows from the country's and
    walks a whole index (lists filtered by school, at national size)."""
    if (school_id := parse_id(nfkc(text).strip())) is not None:
        return [school_id]  # as links carry it: no query
    return list(School.objects.filter(school_named_q(text)).order_by().values_list("pk", flat=True))


def school_named_q(text: str, prefix: str = "") -> Q:
    """The schools (through the lookup path `prefix`, « school__ ») a person typed into a
    "Lycée" filter: every word in the name, the town or the UAI ("gallieni", "Toulouse",
    "0310044x", "lycée Gallieni"); digits alone are an id, as links carry. For a table of one
    row per school (the placement rates) a join filtered by it costs less than a query for ids.
    """
    text = nfkc(text).strip()
    if (school_id := parse_id(text)) is not None:
        return Q(**{f"{prefix}pk": school_id})
    if uai := whole_uai(text):
        return Q(**{f"{prefix}uai": uai})
    found = Q()
    for word in text.split():
        found &= (
            Q(**{f"{prefix}name__icontains": word})
            | Q(**{f"{prefix}town__icontains": word})
            | Q(**{f"{prefix}uai__iexact": word})
        )
    return found


def whole_uai(text: str) -> str | None:
    """The UAI that `text` is, whole ("0310044x " → "0310044X"), or None. A filter given one
    finds its school by the UAI's unique index, not by reading every school's name and town
    for it (no name or town holds a UAI): 2,100 schools read for one at national size."""
    code = normalize_uai(text)
    return code if UAI_PATTERN.match(code) else None
