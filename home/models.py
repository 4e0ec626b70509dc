from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page

from .blocks import AudienceBlock


class HomePage(Page):
    """The portal's front page: what it is for, audience by audience."""

    intro = RichTextField("introduction", blank=True, features=["bold", "italic", "link"])
    audiences = StreamField(
        [("audience", AudienceBlock())], verbose_name="publics", blank=True, use_json_field=True
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("audiences")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["home.ContentPage", "offres.WaysIndexPage"]
    max_count = 1

    class Meta:
        verbose_name = "page d’accueil"


class ContentPage(Page):
    """A plain text page: accessibility statement, legal notice, personal data…"""

    body = RichTextField(
        "contenu", blank=True, features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )

    content_panels = Page.content_panels + [FieldPanel("body")]

    parent_page_types = ["home.HomePage", "home.ContentPage"]
    subpage_types = ["home.ContentPage"]

    class Meta:
        verbose_name = "page de contenu"
        verbose_name_plural = "pages de contenu"
