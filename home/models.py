from django.db import models
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import AudienceBlock

BODY_FEATURES = ["h2", "h3", "bold", "italic", "link", "ol", "ul"]


class MenuSection(models.TextChoices):
    """The audiences of the header's main navigation (see home/navigation.py)."""

    COMPANIES = "entreprises", "Entreprises"
    TUTORS = "tuteurs", "Tuteurs"
    SCHOOLS = "etablissements", "Établissements"


class HomePage(Page):
    """The portal's front page: what it is for, audience by audience."""

    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])
    audiences = StreamField(
        [("audience", AudienceBlock())], verbose_name="publics", blank=True, use_json_field=True
    )

    outro = RichTextField(
        "texte après les publics", blank=True, features=["bold", "italic", "link"]
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("audiences"),
        FieldPanel("outro"),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.ContentPage",
        "home.AccessibilityPage",
        "home.SitePlanPage",
        "offres.WaysIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "page d’accueil"


class FooterPageMixin(models.Model):
    """A page that may sit in the header's menu (under an audience) or in the footer."""

    menu_section = models.CharField(
        "rubrique du menu",
        max_length=20,
        choices=MenuSection.choices,
        blank=True,
        help_text="Avec « Afficher dans les menus » : la rubrique du menu principal où la page "
        "apparaît. Vide : une entrée à part.",
    )
    in_footer = models.BooleanField("afficher dans le pied de page", default=False)

    menu_panels = [
        MultiFieldPanel(
            [FieldPanel("show_in_menus"), FieldPanel("menu_section"), FieldPanel("in_footer")],
            heading="Menus",
        )
    ]

    class Meta:
        abstract = True


class ContentPage(FooterPageMixin, Page):
    """A plain text page: legal notice, personal data, what the BDE is…"""

    body = RichTextField("contenu", blank=True, features=BODY_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("body")]
    promote_panels = Page.promote_panels + FooterPageMixin.menu_panels

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = "page de contenu"
        verbose_name_plural = "pages de contenu"

    def __str__(self):
        return self.title


class Compliance(models.TextChoices):
    """The RGAA compliance statuses a French public site declares (shown in the footer)."""

    FULL = "totale", "totalement conforme"
    PARTIAL = "partielle", "partiellement conforme"
    NONE = "non", "non conforme"


class AccessibilityPage(Page):
    """The accessibility statement; its compliance status is also shown in every footer."""

    compliance = models.CharField(
        "état de conformité", max_length=10, choices=Compliance.choices, default=Compliance.NONE
    )
    body = RichTextField("contenu", blank=True, features=BODY_FEATURES)

    content_panels = Page.content_panels + [FieldPanel("compliance"), FieldPanel("body")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1
    template = "home/content_page.html"

    class Meta:
        verbose_name = "déclaration d’accessibilité"
        verbose_name_plural = "déclarations d’accessibilité"


class SitePlanPage(Page):
    """Plan du site: drawn from the page tree and the public views, nothing to keep up."""

    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = "plan du site"
        verbose_name_plural = "plans du site"

    def get_context(self, request, *args, **kwargs):
        # home.navigation reads offres' pages, whose module reads home's: a real cycle.
        from .navigation import site_plan

        context = super().get_context(request, *args, **kwargs)
        context["plan"] = site_plan(request)
        return context
