"""The site-wide public views: robots.txt and the French DSFR error pages."""

from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from .sitemaps import robots_txt_body


@require_GET
def robots_txt(request):
    return HttpResponse(robots_txt_body(), content_type="text/plain; charset=utf-8")


def _error(request, status: int, title: str, message: str):
    return render(
        request,
        "errors/error.html",
        {"title": title, "message": message, "status": status, "breadcrumb_current": title},
        status=status,
    )


def bad_request(request, exception=None):
    return _error(
        request,
        400,
        "Demande incorrecte",
        "Le portail n’a pas pu comprendre cette demande. Vérifiez l’adresse ou revenez à "
        "la page précédente pour recommencer.",
    )


def permission_denied(request, exception=None):
    return _error(
        request,
        403,
        "Accès refusé",
        "Vous n’avez pas accès à cette page. Si vous pensez que c’est une erreur, adressez-vous "
        "au bureau des entreprises de votre lycée.",
    )


def page_not_found(request, exception=None):
    return _error(
        request,
        404,
        "Page non trouvée",
        "La page que vous cherchez est introuvable : l’adresse a peut-être été mal saisie, ou "
        "la page n’existe plus. Le menu en haut de la page et le plan du site mènent à tous "
        "les services du portail.",
    )


def csrf_failure(request, reason=""):
    return _error(
        request,
        403,
        "Formulaire expiré",
        "Pour vous protéger, ce formulaire n’est plus valable : la page est restée ouverte "
        "longtemps ou les cookies sont bloqués. Revenez en arrière, rechargez la page, puis "
        "envoyez à nouveau le formulaire.",
    )


def server_error(request):
    # No template context processors that query the database: the error may be the database.

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({}), status=500)
