"""The demo's pages: the home page and its footer pages, then the eight ways' section under it.

The ways' pages are `offres` models that hang under the home page; `home` sits above `offres`
in the layers (its menu links to every feature), so the pages are put together here, and
`offres.demo` only makes the proposals.
"""

from offres.demo import pages_ensure

from .content import site_ensure_home


def load() -> dict:
    return {"ways": pages_ensure(site_ensure_home())}
