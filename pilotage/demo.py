"""Demo: journal entries over the past school years (so the trends have a shape), then the
indicators computed once. Idempotent: the entries carry a marker and are added once."""

import datetime

from django.db import transaction
from django.utils import timezone

from partenariats.models import Interaction, InteractionKind, Partnership

from .services import indicators_refresh, year_start_of

MARKER = "Point annuel (historique de démonstration)."


@transaction.atomic
def load() -> dict:
    added = 0
    if not Interaction.objects.filter(note=MARKER).exists():
        current = year_start_of(timezone.localdate())
        partnerships = list(Partnership.objects.order_by("pk"))
        rows = []
        for back in (1, 2, 3):
            # A growing network: fewer partners were active the years before.
            for index, partnership in enumerate(partnerships):
                if index % (back + 1):
                    continue
                day = datetime.date(current - back, 11, 1 + index % 27)
                rows.append(
                    Interaction(
                        partnership=partnership,
                        kind=InteractionKind.MEETING,
                        occurred_on=day,
                        note=MARKER,
                    )
                )
        Interaction.objects.bulk_create(rows)
        added = len(rows)
    return {"interactions": added, "figures": indicators_refresh()}
