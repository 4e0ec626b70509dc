"""The API object (django-ninja): its token authentication, its French errors and its first page
(`/api/v1/`), which says how to send a key. The endpoints are in `endpoints.py`."""

from django.http import Http404
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer

from .openapi import PortalAPI
from .ratelimits import ApiRateLimited, check_address, check_token, limit_address, too_many_response
from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    def __call__(self, request):
        check_address(request, count=False)
        token = super().__call__(request)
        if token is None:
            check_address(request)
        else:
            check_token(request, token)
        return token

    def authenticate(self, request, token):
        return api_token_authenticate(token)


api = PortalAPI(
    title="API du portail du bureau des entreprises",
    version="1",
    description="Lecture seule. Chaque jeton lit les données de son établissement (ou de "
    "toute l’académie). Authentification : en-tête `Authorization: Bearer <clé>`.\n\n"
    "Données personnelles : une inscription porte le prénom et le nom du tuteur pour le jeton "
    "de son établissement seulement (la liste d’émargement en a besoin) ; un jeton de "
    "l’académie, qui compte et compare les établissements, n’en reçoit que les initiales. "
    "Jamais de courriel ni de téléphone.\n\n"
    "Limite : 300 appels par minute et par jeton, 30 par minute et par adresse sans jeton "
    "valide ; au-delà, une réponse 429 avec l’en-tête `Retry-After` (secondes à attendre).",
    auth=TokenAuth(),
    urls_namespace="api",
    docs_url=None,
    docs_decorator=limit_address,
)


@api.exception_handler(ApiRateLimited)
def rate_limited(request, exc):
    return too_many_response(exc.wait)


def french_error(request, detail: str, status: int):
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(AuthenticationError)
def unauthenticated(request, exc):
    return french_error(
        request,
        "Clé manquante ou non valable : envoyez l’en-tête « Authorization: Bearer <clé> » "
        "avec une clé de jeton active (menu « Jetons de l’API » de l’espace des établissements).",
        401,
    )


@api.exception_handler(Http404)
def not_found(request, exc):
    return french_error(request, f"Introuvable : {request.path}. Voir /api/v1/.", 404)


ENDPOINTS = {
    "/api/v1/partenariats": "les partenariats (filtres : statut, entreprise, modifiés depuis)",
    "/api/v1/entreprises": "les entreprises partenaires",
    "/api/v1/sessions": "les sessions de formation des tuteurs",
    "/api/v1/inscriptions": "les inscriptions des tuteurs aux sessions",
}


@api.get("/", auth=None, include_in_schema=False)
def index(request):
    """The API's first page, in French: how to call it, with what, and where it is described."""
    check_address(request)
    return {
        "api": "API du portail du bureau des entreprises (lecture seule)",
        "authentification": "En-tête « Authorization: Bearer <clé> » : la clé s’affiche une seule "
        "fois à la création d’un jeton (menu « Jetons de l’API » de l’espace des établissements).",
        "exemple": 'curl -H "Authorization: Bearer <clé>" '
        f"{request.build_absolute_uri('/api/v1/partenariats')}",
        "points_d_acces": ENDPOINTS,
        "description_openapi": "/api/v1/openapi.json",
    }
