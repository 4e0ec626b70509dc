"""What a web process does once the portal is loaded, before its first request.

A Django + Wagtail process holds about 250,000 objects once loaded (modules, URL patterns,
models, Wagtail's hooks). Python's cyclic garbage collector walks all of them at each full
collection, which a few requests' allocations trigger: on this project's machines that walk
took 150 to 200 ms, landing inside one request in forty (an XLSX export allocates more, so more
often). `settle()` loads the URLconf (every app's views and admin hooks) and moves what is alive
then into the collector's permanent generation (`gc.freeze()`, CPython's own way to keep
long-lived objects out of collections): later collections walk only what requests create.
bench/lists.py settles as portal/wsgi.py does, and reports the difference.

It also imports what the views import only when first used: WeasyPrint (the PDFs) costs
seconds to import (its C declarations are parsed at import), which the first person to ask
for a lettre de mission paid; a web process pays it at start instead.
"""

import gc
import importlib

from django.urls import get_resolver

# Imported by a view only when used (kept out of workers and management commands).
SLOW_LAZY_IMPORTS = ["weasyprint"]


def settle() -> int:
    """Load every view, collect once, freeze what remains. Returns the objects frozen."""
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf, hence every app's views)
    for name in SLOW_LAZY_IMPORTS:
        importlib.import_module(name)
    gc.collect()
    gc.freeze()
    return gc.get_freeze_count()
