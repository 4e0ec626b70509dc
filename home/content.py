"""The first content of the public site, written once by seed_demo and then edited in Wagtail."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from .models import ContentPage, HomePage

HOME_INTRO = (
    "<p>Le portail relie les lycées professionnels de l’académie et les entreprises de leur "
    "territoire : stages (PFMP), apprentissage, mentorat, formation des tuteurs, ouverture de "
    "formations. Chaque lycée y gère ses partenariats avec son bureau des entreprises.</p>"
)
AUDIENCES = [
    {
        "title": "Entreprises",
        "text": "Proposez des places de stage ou d’apprentissage, du mentorat, inscrivez vos "
        "tuteurs à une formation ou demandez l’ouverture d’une formation. Aucun compte "
        "n’est nécessaire pour commencer.",
        "link_label": "Travailler avec un lycée professionnel",
        "link_url": "#entreprises",
    },
    {
        "title": "Bureaux des entreprises",
        "text": "Suivez les entreprises partenaires de votre lycée, traitez leurs propositions, "
        "organisez les formations de tuteurs et les événements, exportez vos listes.",
        "link_label": "Accéder à l’espace de travail",
        "link_url": "/admin/",
    },
    {
        "title": "Enseignants",
        "text": "Retrouvez votre lettre de mission du Pacte, animez les formations de tuteurs, "
        "notez vos actions et préparez votre bilan d’activité sans rien ressaisir.",
        "link_label": "Accéder à mon espace",
        "link_url": "/admin/",
    },
]
ACCESSIBILITY_BODY = (
    "<h2>État de conformité</h2>"
    "<p>Le portail du bureau des entreprises est en cours d’audit au regard du référentiel "
    "général d’amélioration de l’accessibilité (RGAA). Il est à ce jour "
    "<strong>non conforme</strong> faute d’audit réalisé.</p>"
    "<h2>Signaler un défaut d’accessibilité</h2>"
    "<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez au bureau des "
    "entreprises de votre lycée pour être orienté vers une alternative accessible.</p>"
    "<h2>Voies de recours</h2>"
    "<p>Si vous avez signalé un défaut sans obtenir de réponse satisfaisante, vous pouvez "
    "saisir le Défenseur des droits.</p>"
)


@transaction.atomic
def site_ensure_home() -> HomePage:
    """Create the home page and the accessibility statement once; leave edited pages alone."""
    home = HomePage.objects.first()
    if home is None:
        # Wagtail's migrations create the root page; a flushed database (tests) has none.
        locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Racine", slug="root", locale=locale)
        )
        home = HomePage(
            title="Portail du bureau des entreprises",
            slug="accueil",
            intro=HOME_INTRO,
            audiences=[("audience", item) for item in AUDIENCES],
        )
        root.add_child(instance=home)
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost",
            port=80,
            root_page=home,
            is_default_site=True,
            site_name="Portail du bureau des entreprises",
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.site_name = "Portail du bureau des entreprises"
        site.save()
    # Wagtail's own placeholder page goes once ours has taken its place as the site root.
    for placeholder in Page.objects.filter(
        depth=2, content_type__model="page", content_type__app_label="wagtailcore"
    ):
        placeholder.delete()
    if not ContentPage.objects.filter(slug="accessibilite").exists():
        home.add_child(
            instance=ContentPage(
                title="Déclaration d’accessibilité", slug="accessibilite", body=ACCESSIBILITY_BODY
            )
        )
    return home
