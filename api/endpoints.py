"""The read-only REST API (django-ninja): what a token's schools hold, paginated and filtered.

A school's token reads that school's rows only, an académie token every school's, through the
same querysets as the staff screens (`for_school`, the scoping of `for_user`). OpenAPI 3 at
/api/v1/openapi.json.
"""

import datetime

from django.db.models import Count, Exists, OuterRef, Q
from ninja import Field, FilterSchema, Query, Schema
from ninja.pagination import PageNumberPagination, paginate

from entreprises.models import Company
from entreprises.validators import normalize_siret
from etablissements.validators import normalize_uai
from formations.models import Registration, RegistrationStatus, TutorTraining
from partenariats.models import Partnership, PartnershipStatus

from .base import api

PAGE_SIZE = 50
MAX_ID = 2**31 - 1  # an id past any column: refused (422), never a database overflow


def scoped(queryset, request):
    """The staff screens' scoping, for a token: its school, or every school for the académie."""
    token = request.auth
    return queryset if token.school_id is None else queryset.for_school(token.school_id)


# What the RejectNulMiddleware refuses (a NUL in a query: 422), said in the schema too, so that
# a client generating its requests from it (schemathesis does) sends none.
NO_NUL = r"^[^\x00]*$"


class Pagination(PageNumberPagination):
    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        taille: int = Field(PAGE_SIZE, ge=1, le=200)

    def paginate_queryset(self, queryset, pagination: Input, **params):
        page = min(max(pagination.page, 1), 100_000)
        size = min(max(pagination.taille, 1), 200)
        offset = (page - 1) * size
        return {"items": list(queryset[offset : offset + size]), "count": queryset.count()}


# Partnerships ---------------------------------------------------------------------------


class PartnershipOut(Schema):
    id: int
    etablissement_uai: str
    entreprise_id: int
    entreprise_siret: str
    entreprise_nom: str
    statut: str
    convention_signee_le: datetime.date | None
    fin_convention: datetime.date | None
    derniere_interaction: datetime.date | None
    cree_le: datetime.datetime
    modifie_le: datetime.datetime

    @staticmethod
    def resolve_etablissement_uai(obj):
        return obj.school.uai

    @staticmethod
    def resolve_entreprise_siret(obj):
        return obj.company.siret

    @staticmethod
    def resolve_entreprise_nom(obj):
        return obj.company.name

    @staticmethod
    def resolve_entreprise_id(obj):
        return obj.company_id

    @staticmethod
    def resolve_statut(obj):
        return obj.status

    @staticmethod
    def resolve_convention_signee_le(obj):
        return obj.convention_signed_on

    @staticmethod
    def resolve_fin_convention(obj):
        return obj.convention_end

    @staticmethod
    def resolve_derniere_interaction(obj):
        return obj.last_interaction_on

    @staticmethod
    def resolve_cree_le(obj):
        return obj.created_at

    @staticmethod
    def resolve_modifie_le(obj):
        return obj.updated_at


class PartnershipFilter(FilterSchema):
    statut: PartnershipStatus | None = None
    etablissement_uai: str | None = Field(None, max_length=8, pattern=NO_NUL)
    modifie_depuis: datetime.datetime | None = None


@api.get("/partenariats", response=list[PartnershipOut], tags=["partenariats"])
@paginate(Pagination)
def partnerships(request, filters: Query[PartnershipFilter]):
    """Les partenariats des établissements du jeton."""
    rows = scoped(Partnership.objects.all(), request).select_related("school", "company")
    if filters.statut:
        rows = rows.filter(status=filters.statut)
    if filters.etablissement_uai:
        rows = rows.filter(school__uai=normalize_uai(filters.etablissement_uai)[:8])
    if filters.modifie_depuis:
        rows = rows.filter(updated_at__gte=filters.modifie_depuis)
    return rows.order_by("pk")


# Companies ------------------------------------------------------------------------------


class CompanyOut(Schema):
    id: int
    siret: str
    raison_sociale: str
    code_naf: str
    code_postal: str
    commune: str
    departement: str
    site_internet: str
    membre_cmq: bool
    partenaire_ptech: bool

    @staticmethod
    def resolve_raison_sociale(obj):
        return obj.name

    @staticmethod
    def resolve_code_naf(obj):
        return obj.naf_code

    @staticmethod
    def resolve_code_postal(obj):
        return obj.postcode

    @staticmethod
    def resolve_commune(obj):
        return obj.town

    @staticmethod
    def resolve_site_internet(obj):
        return obj.website

    @staticmethod
    def resolve_membre_cmq(obj):
        return obj.label_cmq

    @staticmethod
    def resolve_partenaire_ptech(obj):
        return obj.label_ptech


class CompanyFilter(FilterSchema):
    departement: str | None = Field(None, max_length=3, pattern=NO_NUL)
    siret: str | None = Field(None, max_length=14, pattern=NO_NUL)
    nom: str | None = Field(None, max_length=100, pattern=NO_NUL)


@api.get("/entreprises", response=list[CompanyOut], tags=["entreprises"])
@paginate(Pagination)
def companies(request, filters: Query[CompanyFilter]):
    """Les entreprises en partenariat avec un établissement du jeton (sans leurs contacts)."""
    rows = Company.objects.active()
    if request.auth.school_id is not None:
        rows = rows.filter(
            Exists(
                Partnership.objects.for_school(request.auth.school_id).filter(
                    company=OuterRef("pk")
                )
            )
        )
    if filters.departement:
        rows = rows.filter(departement=filters.departement[:3])
    if filters.siret:
        rows = rows.filter(siret=normalize_siret(filters.siret)[:14])
    if filters.nom:
        rows = rows.filter(name__icontains=filters.nom[:100])
    return rows.order_by("pk")


# Tutor-training sessions and registrations ----------------------------------------------


class SessionOut(Schema):
    id: int
    etablissement_uai: str
    intitule: str
    debut: datetime.datetime
    fin: datetime.datetime
    lieu: str
    a_distance: bool
    places: int
    places_prises: int

    @staticmethod
    def resolve_etablissement_uai(obj):
        return obj.school.uai

    @staticmethod
    def resolve_intitule(obj):
        return obj.title

    @staticmethod
    def resolve_debut(obj):
        return obj.starts_at

    @staticmethod
    def resolve_fin(obj):
        return obj.ends_at

    @staticmethod
    def resolve_lieu(obj):
        return obj.place

    @staticmethod
    def resolve_a_distance(obj):
        return not obj.place

    @staticmethod
    def resolve_places(obj):
        return obj.capacity


class SessionFilter(FilterSchema):
    etablissement_uai: str | None = Field(None, max_length=8, pattern=NO_NUL)
    depuis: datetime.date | None = None
    jusqu_au: datetime.date | None = None


@api.get("/sessions", response=list[SessionOut], tags=["formations des tuteurs"])
@paginate(Pagination)
def sessions(request, filters: Query[SessionFilter]):
    """Les sessions de formation des tuteurs des établissements du jeton."""
    rows = (
        scoped(TutorTraining.objects.all(), request)
        .select_related("school")
        .annotate(
            places_prises=Count(
                "registrations",
                filter=Q(
                    registrations__status__in=[
                        RegistrationStatus.REGISTERED,
                        RegistrationStatus.PRESENT,
                        RegistrationStatus.ABSENT,
                        RegistrationStatus.EXCUSED,
                    ]
                ),
            )
        )
    )
    if filters.etablissement_uai:
        rows = rows.filter(school__uai=normalize_uai(filters.etablissement_uai)[:8])
    if filters.depuis:
        rows = rows.filter(starts_at__date__gte=filters.depuis)
    if filters.jusqu_au:
        rows = rows.filter(starts_at__date__lte=filters.jusqu_au)
    return rows.order_by("starts_at", "pk")


def tutor_name(name: str, token) -> str:
    """The whole name for the token of the session's school (its attendance list); only the
    initial for an académie token, which counts and compares schools."""
    if token.school_id is not None:
        return name
    return f"{name[:1].upper()}." if name else ""


class RegistrationOut(Schema):
    id: int
    session_id: int
    statut: str
    tuteur_prenom: str
    tuteur_nom: str
    entreprise_siret: str
    entreprise_nom: str
    diplome_eleve: str
    inscrit_le: datetime.datetime

    @staticmethod
    def resolve_session_id(obj):
        return obj.training_id

    @staticmethod
    def resolve_statut(obj):
        return obj.status

    @staticmethod
    def resolve_tuteur_prenom(obj, context):
        return tutor_name(obj.contact.first_name, context["request"].auth)

    @staticmethod
    def resolve_tuteur_nom(obj, context):
        return tutor_name(obj.contact.last_name, context["request"].auth)

    @staticmethod
    def resolve_entreprise_siret(obj):
        return obj.contact.company.siret

    @staticmethod
    def resolve_entreprise_nom(obj):
        return obj.contact.company.name

    @staticmethod
    def resolve_diplome_eleve(obj):
        return obj.student_diploma

    @staticmethod
    def resolve_inscrit_le(obj):
        return obj.created_at


class RegistrationFilter(FilterSchema):
    session_id: int | None = Field(None, ge=1, le=MAX_ID)
    statut: RegistrationStatus | None = None


@api.get("/inscriptions", response=list[RegistrationOut], tags=["formations des tuteurs"])
@paginate(Pagination)
def registrations(request, filters: Query[RegistrationFilter]):
    """Les inscriptions des tuteurs aux sessions des établissements du jeton (ni courriel ni
    téléphone : seulement ce qu’il faut pour la liste de présence)."""
    rows = scoped(Registration.objects.all(), request).select_related("contact__company")
    if filters.session_id is not None:
        rows = rows.filter(training_id=filters.session_id)
    if filters.statut:
        rows = rows.filter(status=filters.statut)
    return rows.order_by("pk")
