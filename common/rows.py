"""What deleting a row would take with it, before anything is deleted."""

from django.db import router
from django.db.models.deletion import Collector, ProtectedError, RestrictedError


def dependents_count(row) -> int:
    """How many other rows deleting `row` would delete or is stopped by (cascades, protected
    and restricted references), through Django's own deletion collector."""
    collector = Collector(using=router.db_for_write(type(row), instance=row))
    try:
        collector.collect([row])
    except (ProtectedError, RestrictedError) as error:
        return len(getattr(error, "protected_objects", None) or error.restricted_objects)
    cascaded = sum(len(rows) for rows in collector.data.values()) - 1
    fast = sum(queryset.count() for queryset in collector.fast_deletes)
    return cascaded + fast
