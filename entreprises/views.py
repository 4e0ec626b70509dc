"""Public directory of partner companies: only those that opted in, and nothing personal."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.dateformat import format as date_format
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.links import url_maker
from common.ratelimits import rate_limited

from . import lookups
from .directory import DirectoryPaginator, filter_form_html
from .filters import PublicCompanyFilterSet
from .maps import map_context, point
from .models import Company
from .school_links import schools_of
from .validators import NAF_SECTION_CHOICES, normalize_siret, validate_siret

PER_PAGE = 20


def public_companies():
    return Company.objects.publicly_listed()


def directory(request):
    # The page number is not a filter: `?page=400` alone is the plain list, as page 1 is.
    params = request.GET.copy()
    params.pop("page", None)
    filterset = PublicCompanyFilterSet(params or None, queryset=public_companies())
    queryset = filterset.qs if filterset.is_bound else public_companies()
    filters = {}
    if filterset.is_bound:
        filters = filterset.form.cleaned_data if filterset.form.is_valid() else None
    paginator = DirectoryPaginator(queryset, PER_PAGE, filters=filters)
    page_obj = paginator.get_page(request.GET.get("page"))
    companies = list(page_obj.object_list)
    detail_url = url_maker("entreprises:detail")
    sectors = dict(NAF_SECTION_CHOICES)
    for company in companies:  # what the card shows, worked out here rather than in the loop
        company.url = detail_url(company.pk)
        company.sector = sectors.get(company.naf_section) or "Secteur non renseigné"
    points = [
        point(
            name=c.name,
            latitude=c.latitude,
            longitude=c.longitude,
            url=c.url,
            detail=" — ".join(part for part in (c.town, c.position_note) if part),
        )
        for c in companies
    ]
    return render(
        request,
        "entreprises/directory.html",
        {
            "filter": filterset,
            "filter_form": filter_form_html(filterset),
            "page_obj": page_obj,
            "companies": companies,
            **map_context(
                [p for p in points if p],
                label="Carte des entreprises de cette page ; la liste qui suit donne les mêmes "
                "informations.",
            ),
        },
    )


def company_detail(request, pk):
    company = get_object_or_404(public_companies(), pk=pk)
    schools = list(schools_of(company))
    return render(
        request, "entreprises/company_detail.html", {"company": company, "schools": schools}
    )


def _lookup_rate(group, request):
    return settings.SIRET_LOOKUP_RATE


def _siret_answer(result: lookups.LookupResult) -> dict:
    if result.status == lookups.UNAVAILABLE:
        return {
            "status": result.status,
            "message": "L’annuaire des entreprises ne répond pas pour l’instant : remplissez "
            "les informations de l’entreprise vous-même.",
        }
    if result.status == lookups.UNKNOWN:
        return {
            "status": result.status,
            "message": "Ce SIRET n’est pas dans l’annuaire public des entreprises (entreprise "
            "récente, par exemple) : remplissez les informations vous-même.",
        }
    etab = result.establishment
    if result.status == lookups.PRIVATE:
        message = (
            "Cet établissement est connu de l’annuaire des entreprises, mais ses informations "
            "ne sont pas diffusibles : remplissez-les vous-même."
        )
        if etab.closed:
            message = (
                "Attention : l’annuaire des entreprises indique que cet établissement est fermé. "
                "Vérifiez le SIRET ; ses informations ne sont pas diffusibles : remplissez-les "
                "vous-même."
            )
        return {"status": result.status, "closed": etab.closed, "message": message}
    answer = {
        "status": result.status,
        "company": {
            "name": etab.name,
            "naf_code": etab.naf_code,
            "size_band": etab.size_band,
            "address": etab.address,
            "postcode": etab.postcode,
            "town": etab.town,
        },
        "closed": etab.closed,
        "message": f"Trouvé dans l’annuaire des entreprises : {etab.name}. Vérifiez les "
        "informations remplies, vous pouvez les corriger.",
    }
    if etab.closed:
        closed_on = lookups.closed_on_date(result)
        answer["message"] = (
            f"Attention : l’annuaire des entreprises indique que cet établissement est fermé "
            f"(depuis le {date_format(closed_on, 'j F Y')}). Vérifiez le SIRET : celui de "
            "l’établissement où la personne travaille aujourd’hui est peut-être un autre."
        )
    return answer


@never_cache
@require_GET
def siret_lookup(request):
    """JSON for the SIRET field's script: the browser never calls the national API itself."""
    if not settings.RECHERCHE_ENTREPRISES_ENABLED:
        return JsonResponse({"status": "off", "message": ""}, status=404)
    if rate_limited(request, "siret-lookup", per_ip=_lookup_rate, method="GET"):
        return JsonResponse(
            {
                "status": "limited",
                "message": "Trop de recherches en peu de temps : remplissez les informations "
                "vous-même ou réessayez dans une minute.",
            },
            status=429,
        )
    raw = request.GET.get("siret", "")
    try:
        validate_siret(raw)
    except ValidationError as exc:
        return JsonResponse({"status": "invalid", "message": exc.messages[0]}, status=400)
    result = lookups.siret_lookup(siret=normalize_siret(raw))
    return JsonResponse(_siret_answer(result))
