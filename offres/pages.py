"""The public section "Travailler avec un lycée professionnel": one index, one page per way."""

from django.db import models
from django.urls import reverse
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from .kinds import KINDS
from .models import SubmissionKind

RICH_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class WaysIndexPage(Page):
    """Lists the ways a company works with a lycée professionnel (one page per kind)."""

    intro = RichTextField("introduction", blank=True, features=RICH_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["offres.WayPage"]
    max_count = 1
    template = "offres/ways_index_page.html"
    # In the header's menu (home/navigation.py), under the companies' audience.
    menu_section = "entreprises"

    class Meta:
        verbose_name = "rubrique « travailler avec un lycée professionnel »"
        verbose_name_plural = "rubriques « travailler avec un lycée professionnel »"

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["ways"] = WayPage.objects.child_of(self).live().specific().order_by("path")
        return context


class WayPage(Page):
    """One way of working with a school, explained in plain French, ending in its form."""

    kind = models.CharField(
        "façon de travailler avec le lycée",
        max_length=30,
        choices=SubmissionKind.choices,
        unique=True,
    )
    intro = models.TextField(
        "résumé", max_length=400, help_text="Une ou deux phrases, montrées dans la liste."
    )
    body = RichTextField("contenu", blank=True, features=RICH_FEATURES)
    call_to_action = models.CharField(
        "texte du bouton", max_length=120, default="Remplir le formulaire"
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("call_to_action"),
    ]

    parent_page_types = ["offres.WaysIndexPage"]
    subpage_types: list[str] = []
    template = "offres/way_page.html"

    class Meta:
        verbose_name = "façon de travailler avec un lycée"
        verbose_name_plural = "façons de travailler avec un lycée"

    @property
    def form_url(self) -> str:

        return reverse("offres:submit", kwargs={"slug": KINDS[self.kind].slug})
