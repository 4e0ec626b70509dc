"""sitemap.xml: the Wagtail pages (wagtail.contrib.sitemaps) and the public Django views."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from formations.models import TutorTraining
from offres.kinds import KINDS

# The public views a search engine may list (the signed-link pages are personal: never).
PUBLIC_VIEW_NAMES = [
    "formations:calendar",
    "entreprises:directory",
    "offres:specialisation_list",
    "offres:link_request",
]


class PublicViewsSitemap(Sitemap):
    changefreq = "daily"

    def items(self):

        return [reverse(name) for name in PUBLIC_VIEW_NAMES] + [
            reverse("offres:submit", kwargs={"slug": spec.slug}) for spec in KINDS.values()
        ]

    def location(self, item):
        return item


class TrainingSessionsSitemap(Sitemap):
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
