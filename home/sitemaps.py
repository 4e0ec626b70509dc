"""sitemap.xml: the Wagtail pages (wagtail.contrib.sitemaps) and the public Django views.

Every address is on the portal's host (`PORTAL_BASE_URL`): not the request's host (Django's
sitemaps), nor the Wagtail site record's (`localhost` in the demo), so one sitemap names one host.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.contrib.sitemaps import Sitemap as WagtailSitemap

from common.links import absolute_url
from formations.models import TutorTraining
from offres.kinds import KINDS

# The public views a search engine may list (the signed-link pages are personal: never).
PUBLIC_VIEW_NAMES = [
    "formations:calendar",
    "entreprises:directory",
    "offres:specialisation_list",
    "offres:link_request",
]


class PortalSitemap(Sitemap):
    """A Django sitemap whose addresses start with `PORTAL_BASE_URL`."""

    def get_protocol(self, protocol=None):
        return urlsplit(settings.PORTAL_BASE_URL).scheme

    def get_domain(self, site=None):
        base = urlsplit(settings.PORTAL_BASE_URL)
        return base.netloc + base.path


class PagesSitemap(WagtailSitemap):
    """Wagtail's pages, their addresses moved from the Wagtail site's host to the portal's."""

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        for url in urls:
            parts = urlsplit(url["location"])
            url["location"] = absolute_url(parts.path + (f"?{parts.query}" if parts.query else ""))
        return urls


class PublicViewsSitemap(PortalSitemap):
    changefreq = "daily"

    def items(self):

        return [reverse(name) for name in PUBLIC_VIEW_NAMES] + [
            reverse("offres:submit", kwargs={"slug": spec.slug}) for spec in KINDS.values()
        ]

    def location(self, item):
        return item


class TrainingSessionsSitemap(PortalSitemap):
    changefreq = "daily"
    limit = 1000

    def items(self):

        return TutorTraining.objects.upcoming().order_by("starts_at", "pk").only("pk")

    def location(self, item):
        return reverse("formations:training_detail", kwargs={"pk": item.pk})


def robots_txt_body() -> str:
    return (
        "User-agent: *\n"
        "Disallow: /admin/\n"
        "Disallow: /entreprises/espace/\n"
        "Disallow: /formations/inscription/\n"
        "Disallow: /formations/avis/\n"
        "Disallow: /formations/mentorat/\n"
        "Disallow: /formations/evenements/\n"
        "Disallow: /formations/animation/\n"
        "Disallow: /rappels/\n"
        f"Sitemap: {settings.PORTAL_BASE_URL}/sitemap.xml\n"
    )
