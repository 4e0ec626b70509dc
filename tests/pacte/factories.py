import datetime
from decimal import Decimal

import factory

from etablissements.roles import Role
from pacte.models import Mission, SchoolYear
from tests.etablissements.factories import SchoolFactory, UserFactory, staff_user  # noqa: F401


class SchoolYearFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SchoolYear
        django_get_or_create = ("label",)
        skip_postgeneration_save = True

    label = factory.Sequence(lambda n: f"{2030 + n}-{2031 + n}")
    start = factory.LazyAttribute(lambda y: datetime.date(int(y.label[:4]), 9, 1))
    end = factory.LazyAttribute(lambda y: datetime.date(int(y.label[:4]) + 1, 8, 31))
    part_value = Decimal("1250.00")
    yearly_cap = Decimal("7500.00")

    @factory.post_generation
    def catalogue(obj, create, extracted, **kwargs):
        """A new year gets the 2026-2027 catalogue (as the administrator would copy it)."""
        from pacte.services import catalogue_copy

        if create and extracted is not False and obj.label != DEFAULT_YEAR:
            catalogue_copy(source=year(), target=obj)


DEFAULT_YEAR = "2026-2027"


def year(label: str = DEFAULT_YEAR) -> SchoolYear:
    """One of the school years loaded by the data migration."""
    return SchoolYear.objects.get(label=label)


def mission(code: str, school_year=None) -> Mission:
    """A mission of a year's catalogue (2026-2027 unless said)."""
    return Mission.objects.get(code=code, school_year=school_year or year())


RCD = "lp-rcd"
FAF = ["lp-faf-options", "lp-faf-petits-groupes", "lp-faf-decouverte-metiers"]
LIEN = "lp-forfait-lien-entreprise"
TUTORAT = "lp-forfait-tutorat"
LIEN_2023 = "lp-forfait-lien-tuteurs"
LIEN_2023_PARTNERSHIPS = "lp-forfait-lien-partenariats"


def teacher(school, **kwargs):
    return staff_user(school, Role.TEACHER, **kwargs)


def direction(school, **kwargs):
    return staff_user(school, Role.DIRECTION, **kwargs)


def rbde(school, **kwargs):
    return staff_user(school, Role.RBDE, **kwargs)


def profile(user, school, status="plp"):
    from pacte.services import teacher_profile_set

    return teacher_profile_set(user=user, school=school, status=status)


def reference_specs(school_year=None):
    from pacte.services import PartSpec

    def m(code):
        return mission(code, school_year)

    # 2023-2024 has no merged lien forfait: its « former les tuteurs » one stands in.
    lien = (
        LIEN if Mission.objects.filter(code=LIEN, school_year=school_year or year()) else LIEN_2023
    )
    specs = [PartSpec(mission=m(RCD), place="Lycée", periodicity="À la demande")]
    specs += [PartSpec(mission=m(code), place="Lycée") for code in FAF]
    specs += [
        PartSpec(
            mission=m(lien),
            place="Lycée et entreprises partenaires",
            periodicity="Toute l’année",
            expected_results="Deux sessions de formation des tuteurs, dix partenariats suivis.",
            targets={"formations_animees": 2, "partenariats_suivis": 10},
        ),
        PartSpec(mission=m(TUTORAT), place="Lycée", periodicity="Hebdomadaire"),
    ]
    return specs


def engagement(school=None, *, user=None, school_year=None, specs=None, status="plp", by=None):
    """A teacher's engagement with the reference composition (1 RCD + 3 FAF + lien + tutorat)."""
    from pacte.services import engagement_create, engagement_set_parts

    school = school or SchoolFactory()
    user = user or teacher(school)
    profile(user, school, status)
    by = by or direction(school)
    school_year = school_year or year()
    eng = engagement_create(teacher=user, school=school, school_year=school_year, by=by)
    return engagement_set_parts(engagement=eng, parts=specs or reference_specs(school_year), by=by)


def quick_engagements(school, n, school_year=None):
    """`n` teachers with the reference composition, written directly (for query-count tests)."""
    from django.contrib.auth import get_user_model

    from etablissements.models import Membership
    from pacte.models import Engagement, EngagementPart, TeacherProfile

    school_year = school_year or year()
    User = get_user_model()
    start = User.objects.count()
    users = User.objects.bulk_create(
        [
            User(username=f"prof{start + i}-{school.pk}", last_name=f"Prof{start + i}")
            for i in range(n)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=u, school=school, role="enseignant") for u in users]
    )
    TeacherProfile.objects.bulk_create(
        [TeacherProfile(user=u, school=school, status="plp") for u in users]
    )
    engagements = Engagement.objects.bulk_create(
        [Engagement(teacher=u, school=school, school_year=school_year) for u in users]
    )
    codes = [RCD, *FAF, LIEN, TUTORAT]
    missions = [mission(code, school_year) for code in codes]
    EngagementPart.objects.bulk_create(
        [
            EngagementPart(engagement=e, mission=m, hours=m.hours, position=i)
            for e in engagements
            for i, m in enumerate(missions)
        ]
    )
    return engagements


def lien_of(eng):
    """The lien école-entreprise mission of an engagement (whose bilan counts the portal)."""
    return next(p.mission for p in eng.parts.all() if p.mission.counts_portal_activity)


def submit_all(eng, comments="Fait"):
    """The teacher hands in the bilan of every mission of the engagement."""
    from pacte.services import report_submit

    for part in eng.parts.select_related("mission"):
        report_submit(engagement=eng, mission=part.mission, by=eng.teacher, comments=comments)
