"""Open data: the partner directory (opt-in companies, nothing personal) and the tutor-training
calendar, as CSV and JSON under licence etalab-2.0, read from the live tables on every request.

Each dataset is declared once (its fields, types and descriptions); the CSV, the JSON, the
Table Schema (frictionless) and the documentation page are all made from that declaration.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone

from entreprises.models import Company
from entreprises.wording import count_text
from formations.models import Topic, TutorTraining
from partenariats.models import Partnership, PartnershipStatus

LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
CHUNK = 2000
SAMPLE = 20  # rows encoded to estimate a file's weight
SIZE_CACHE_SECONDS = 300  # as long as a download stays in caches (views_public)


@dataclasses.dataclass
class Field:
    name: str
    type: str  # Table Schema type: string, integer, boolean, datetime
    description: str
    value: Callable


@dataclasses.dataclass
class Dataset:
    slug: str
    title: str
    description: str
    fields: list[Field]
    rows: Callable[[], Iterable]  # a queryset, ordered, with what its fields read

    def records(self, rows=None):
        rows = self.rows().iterator(chunk_size=CHUNK) if rows is None else rows
        for obj in rows:
            yield {f.name: f.value(obj) for f in self.fields}

    def table_schema(self) -> dict:
        return {
            "name": self.slug,
            "title": self.title,
            "description": self.description,
            "licenses": [LICENCE],
            "fields": [
                {"name": f.name, "type": f.type, "description": f.description} for f in self.fields
            ],
        }


def _absolute(path: str) -> str:
    return f"{settings.PORTAL_BASE_URL}{path}"


def _listed_companies():
    open_partnerships = Partnership.objects.exclude(status=PartnershipStatus.ENDED).select_related(
        "school"
    )
    return (
        Company.objects.publicly_listed()
        .order_by("name", "pk")
        .prefetch_related(Prefetch("partnerships", open_partnerships, to_attr="open_partnerships"))
    )


def _schools_of(company) -> str:
    return ";".join(sorted(p.school.uai for p in company.open_partnerships))


DIRECTORY = Dataset(
    slug="annuaire-entreprises-partenaires",
    title="Annuaire des entreprises partenaires des lycées professionnels",
    description="Les entreprises qui ont accepté d’apparaître dans l’annuaire public, avec les "
    "lycées avec lesquels elles travaillent. Aucune donnée personnelle (ni contact, ni adresse).",
    fields=[
        Field("siret", "string", "SIRET de l’établissement (14 chiffres)", lambda c: c.siret),
        Field("raison_sociale", "string", "Raison sociale", lambda c: c.name),
        Field("code_naf", "string", "Code APE/NAF (rév. 2)", lambda c: c.naf_code),
        Field(
            "secteur",
            "string",
            "Section de la NAF (libellé)",
            lambda c: c.get_naf_section_display() if c.naf_section else "",
        ),
        Field(
            "tranche_effectif",
            "string",
            "Tranche d’effectif salarié",
            lambda c: c.get_size_band_display() if c.size_band else "",
        ),
        Field("code_postal", "string", "Code postal", lambda c: c.postcode),
        Field("commune", "string", "Commune", lambda c: c.town),
        Field("departement", "string", "Code du département", lambda c: c.departement),
        Field("site_internet", "string", "Site internet de l’entreprise", lambda c: c.website),
        Field(
            "membre_cmq",
            "boolean",
            "Membre d’un Campus des métiers et des qualifications",
            lambda c: c.label_cmq,
        ),
        Field("partenaire_ptech", "boolean", "Partenaire P-TECH", lambda c: c.label_ptech),
        Field(
            "lycees_partenaires_uai",
            "string",
            "Codes UAI des lycées partenaires (partenariat en cours), séparés par « ; »",
            _schools_of,
        ),
        Field(
            "fiche",
            "string",
            "Adresse de la fiche sur le portail",
            lambda c: _absolute(reverse("entreprises:detail", args=[c.pk])),
        ),
    ],
    rows=_listed_companies,
)


def _upcoming_trainings():
    return (
        TutorTraining.objects.upcoming()
        .select_related("school")
        .prefetch_related("diplomas")
        .with_counts()
        .order_by("starts_at", "pk")
    )


TOPIC_LABELS = dict(Topic.choices)


def _local(moment) -> str:
    return timezone.localtime(moment).isoformat()


CALENDAR = Dataset(
    slug="calendrier-formations-tuteurs",
    title="Calendrier des formations des tuteurs en entreprise",
    description="Les sessions à venir de formation des tuteurs de stage (PFMP) et "
    "d’apprentissage organisées par les lycées professionnels. Aucune donnée personnelle "
    "(ni animateurs, ni inscrits).",
    fields=[
        Field("identifiant", "integer", "Identifiant de la session", lambda t: t.pk),
        Field("intitule", "string", "Intitulé", lambda t: t.title),
        Field(
            "debut", "datetime", "Début (heure de Paris, ISO 8601)", lambda t: _local(t.starts_at)
        ),
        Field("fin", "datetime", "Fin (heure de Paris, ISO 8601)", lambda t: _local(t.ends_at)),
        Field("a_distance", "boolean", "Session en visioconférence", lambda t: not t.place),
        Field("lieu", "string", "Lieu (vide pour une session à distance)", lambda t: t.place),
        Field("places", "integer", "Nombre de places", lambda t: t.capacity),
        Field(
            "places_restantes",
            "integer",
            "Places encore libres",
            lambda t: max(0, t.capacity - t.places_taken),
        ),
        Field(
            "themes",
            "string",
            "Thèmes abordés, séparés par « ; »",
            lambda t: ";".join(str(TOPIC_LABELS.get(x, x)) for x in t.topics or []),
        ),
        Field(
            "diplomes",
            "string",
            "Diplômes concernés, séparés par « ; »",
            lambda t: ";".join(d.label for d in t.diplomas.all()),
        ),
        Field("lycee_uai", "string", "Code UAI du lycée organisateur", lambda t: t.school.uai),
        Field("lycee_nom", "string", "Nom du lycée organisateur", lambda t: t.school.name),
        Field("lycee_commune", "string", "Commune du lycée", lambda t: t.school.town),
        Field(
            "inscription",
            "string",
            "Page de la session et de l’inscription",
            lambda t: _absolute(reverse("formations:training_detail", args=[t.pk])),
        ),
    ],
    rows=_upcoming_trainings,
)

DATASETS = {d.slug: d for d in (DIRECTORY, CALENDAR)}


def _csv_value(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return value


def csv_chunks(dataset: Dataset, rows=None):
    """The dataset as CSV (UTF-8, comma, header row), streamed row by row."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([f.name for f in dataset.fields])
    for record in dataset.records(rows):
        writer.writerow([_csv_value(v) for v in record.values()])
        if buffer.tell() > 64_000:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(dataset: Dataset, rows=None):
    """The dataset as one JSON document: its metadata, then `donnees`, streamed."""
    head = {
        "titre": dataset.title,
        "licence": LICENCE["name"],
        "licence_url": LICENCE["path"],
        "schema": _absolute(reverse("opendata:schema", args=[dataset.slug])),
        "genere_le": timezone.localtime().isoformat(),
    }
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "donnees": ['
    for n, record in enumerate(dataset.records(rows)):
        yield ("," if n else "") + json.dumps(record, ensure_ascii=False)
    yield "]}"


SCHEMA_JSON = {"ensure_ascii": False}  # how the schema view writes it, so its size is exact


def schema_size(dataset: Dataset) -> int:
    return len(json.dumps(dataset.table_schema(), **SCHEMA_JSON).encode())


def size_text(size: int) -> str:
    """A file's weight as the DSFR writes it: "850 octets", "61,9 ko", "1,2 Mo"."""
    for unit, factor in (("Go", 10**9), ("Mo", 10**6), ("ko", 10**3)):
        if size >= factor:
            return f"{size / factor:.1f}".rstrip("0").rstrip(".").replace(".", ",") + f" {unit}"
    return count_text(size, "octet", "octets")


FORMATS = {"csv": csv_chunks, "json": json_chunks}


def size_estimates(dataset: Dataset) -> dict[str, int]:
    """The weight in bytes of each file of the dataset, estimated from its number of rows and a
    sample of them (the files are made on each download, so no stored size exists)."""
    key = f"opendata:sizes:{dataset.slug}"
    sizes = cache.get(key)
    if sizes is None:
        sample = list(dataset.rows()[:SAMPLE])
        count = len(sample) if len(sample) < SAMPLE else dataset.rows().count()
        sizes = {}
        for fmt, chunks in FORMATS.items():
            empty = sum(len(c.encode()) for c in chunks(dataset, rows=[]))
            full = sum(len(c.encode()) for c in chunks(dataset, rows=sample))
            per_row = (full - empty) / len(sample) if sample else 0
            sizes[fmt] = round(empty + per_row * count)
        cache.set(key, sizes, SIZE_CACHE_SECONDS)
    return sizes
