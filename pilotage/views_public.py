"""Public open-data files (no account): generated from the live tables on each request."""

from django.http import Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .opendata import (
    DATASETS,
    LICENCE,
    SCHEMA_JSON,
    csv_chunks,
    json_chunks,
    schema_size,
    size_estimates,
    size_text,
)


def _dataset(slug):
    try:
        return DATASETS[slug]
    except KeyError:
        raise Http404("Ce jeu de données n’existe pas.") from None


@require_GET
def index(request):
    datasets = []
    for dataset in DATASETS.values():
        sizes = size_estimates(dataset)
        files = [
            ("csv", "CSV", "en CSV", size_text(sizes["csv"])),
            ("json", "JSON", "en JSON", size_text(sizes["json"])),
            ("schema", "JSON", "Table Schema", size_text(schema_size(dataset))),
        ]
        datasets.append({"dataset": dataset, "files": files})
    return render(request, "pilotage/opendata.html", {"datasets": datasets, "licence": LICENCE})


def _download(chunks, content_type, filename):
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_GET
def dataset_csv(request, slug):
    dataset = _dataset(slug)
    return _download(csv_chunks(dataset), "text/csv; charset=utf-8", f"{slug}.csv")


@require_GET
def dataset_json(request, slug):
    dataset = _dataset(slug)
    return _download(json_chunks(dataset), "application/json", f"{slug}.json")


@require_GET
def dataset_schema(request, slug):
    schema = _dataset(slug).table_schema()
    response = JsonResponse(schema, json_dumps_params=SCHEMA_JSON)
    response["Access-Control-Allow-Origin"] = "*"
    return response
