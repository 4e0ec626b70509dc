"""The first content of the public site, written once by seed_demo and then edited in Wagtail."""

from django.conf import settings
from django.db import transaction
from wagtail.models import Locale, Page, Site

from pfmp.services import PUPIL_RETENTION_DAYS

from .models import AccessibilityPage, ContentPage, HomePage, SitePlanPage

HOME_INTRO = (
    "<p>Le portail relie les lycées professionnels de l’académie et les entreprises de leur "
    "territoire : stages (PFMP), apprentissage, mentorat, formation des tuteurs, ouverture de "
    "formations. Chaque lycée y gère ses partenariats avec son bureau des entreprises.</p>"
)
WAYS_URL = "/travailler-avec-un-lycee-professionnel/"
AUDIENCES = [
    {
        "title": "Entreprises",
        "text": "Proposez des places de stage ou d’apprentissage, du mentorat, faites découvrir "
        "vos métiers ou demandez l’ouverture d’une formation. Aucun compte n’est nécessaire "
        "pour commencer.",
        "link_label": "Travailler avec un lycée professionnel",
        "link_url": WAYS_URL,
    },
    {
        "title": "Tuteurs en entreprise",
        "text": "Vous accueillez un élève en stage (PFMP) ? Inscrivez-vous à une formation des "
        "tuteurs animée par les enseignants du lycée : gratuite, en 2 à 3 heures.",
        "link_label": "Voir le calendrier des formations",
        "link_url": "/formations/tuteurs/",
    },
    {
        "title": "Bureaux des entreprises",
        "text": "Suivez les entreprises partenaires de votre lycée, traitez leurs propositions, "
        "organisez les formations de tuteurs et les événements, exportez vos listes.",
        "link_label": "Accéder à l’espace des établissements",
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
HOME_MORE = (
    '<p>Déjà partenaire ? Consultez l’<a href="/entreprises-partenaires/">annuaire des '
    'entreprises partenaires</a>, rejoignez une <a href="/entreprises/demandes-de-formation/">'
    "demande d’ouverture de formation</a> déposée par d’autres entreprises, ou "
    '<a href="/entreprises/espace/nouveau-lien/">retrouvez votre espace entreprise</a>.</p>'
)
ACCESSIBILITY_BODY = (
    "<p>Le rectorat de l’académie s’engage à rendre ce portail accessible conformément à "
    "l’article 47 de la loi n° 2005-102 du 11 février 2005. La présente déclaration "
    "s’applique au portail du bureau des entreprises.</p>"
    "<h2>État de conformité</h2>"
    "<p>Le portail du bureau des entreprises est <strong>non conforme</strong> au référentiel "
    "général d’amélioration de l’accessibilité (RGAA) version 4.1 : aucun audit n’a encore "
    "été réalisé. Il est construit avec le Système de design de l’État (DSFR) et ses pages "
    "publiques sont vérifiées automatiquement (axe-core) sur téléphone et sur ordinateur.</p>"
    "<h2>Établissement de cette déclaration</h2>"
    "<p>Cette déclaration a été établie le 1er décembre 2026.</p>"
    "<h2>Signaler un défaut d’accessibilité</h2>"
    "<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, écrivez au bureau des "
    "entreprises de votre lycée pour être orienté vers une alternative accessible ou obtenir "
    "le contenu sous une autre forme.</p>"
    "<h2>Voies de recours</h2>"
    "<p>Si vous avez signalé un défaut sans obtenir de réponse satisfaisante, vous pouvez "
    "écrire un message au Défenseur des droits, contacter le délégué du Défenseur des droits "
    "de votre région ou envoyer un courrier gratuit (sans timbre) à : Défenseur des droits, "
    "Libre réponse 71120, 75342 Paris CEDEX 07.</p>"
)
LEGAL_BODY = (
    "<h2>Éditeur</h2>"
    "<p>Ce portail est édité par le rectorat de l’académie, pour les bureaux des entreprises "
    "des lycées professionnels et leurs partenaires.</p>"
    "<h2>Directeur de la publication</h2>"
    "<p>Le recteur de l’académie. Chaque lycée est responsable des informations qu’il publie "
    "(formations des tuteurs, événements, réponses aux entreprises).</p>"
    "<h2>Hébergement</h2>"
    "<p>Le portail est hébergé en France sur les serveurs choisis par l’académie ; les données "
    "ne quittent pas l’Union européenne.</p>"
    "<h2>Réutilisation des contenus</h2>"
    "<p>Sauf mention contraire, les textes de ce site sont proposés sous licence ouverte "
    "Etalab 2.0. Les marques et logos de la République française ne peuvent être réutilisés "
    "sans autorisation.</p>"
    "<h2>Liens vers ce site</h2>"
    "<p>Tout site peut faire un lien vers ce portail sans autorisation préalable, à condition "
    "de ne pas l’ouvrir à l’intérieur d’un autre site.</p>"
)
PERSONAL_DATA_BODY = (
    "<p>Le portail ne recueille que ce qui est nécessaire pour mettre en relation les "
    "entreprises et les lycées professionnels. Cette page dit ce qu’il enregistre, pourquoi, "
    "combien de temps, qui le voit et comment exercer vos droits (règlement général sur la "
    "protection des données, RGPD, et loi Informatique et libertés).</p>"
    "<h2>Responsable du traitement</h2>"
    "<p>Le recteur de l’académie pour le portail ; chaque chef d’établissement pour les données "
    "des entreprises et des personnes en lien avec son lycée.</p>"
    "<h2>Ce qui est enregistré, et pourquoi</h2>"
    "<ul>"
    "<li><strong>Contacts des entreprises</strong> (personne qui propose, collègue ajouté, "
    "responsable des ressources humaines) : prénom, nom, fonction, courriel, téléphone, la "
    "date et la manière dont vous avez accepté d’être recontacté. Pour répondre à votre "
    "proposition et vous tenir informé de sa suite.</li>"
    "<li><strong>Tuteurs</strong> inscrits à une formation : les mêmes informations, le "
    "diplôme de l’élève accueilli, votre présence et votre avis. Pour organiser la session, "
    "vous envoyer l’invitation, les rappels et votre attestation.</li>"
    "<li><strong>Mentors</strong> : les mêmes informations et les points mensuels du "
    "mentorat. Pour suivre le binôme (au moins 2 heures par mois pendant 6 mois).</li>"
    "<li><strong>Élèves mentorés</strong> : le prénom, la classe et le lycée seulement, "
    "jamais le nom ni les coordonnées de l’élève.</li>"
    "<li><strong>Élèves en PFMP</strong> (périodes de formation en milieu professionnel) : "
    "le prénom, le nom et la classe seulement, repris de la liste de classe du lycée. Pour "
    "trouver à chaque élève un lieu de stage, suivre ses jours effectués et lire l’appréciation "
    "de son tuteur en fin de période. Seuls le bureau "
    "des entreprises, la direction du lycée et le professeur référent de l’élève les voient ; "
    "l’entreprise d’accueil ne voit que le prénom et l’initiale du nom.</li>"
    "<li><strong>Personnel des lycées</strong> : nom, courriel, établissement et rôle, pour "
    "l’accès à l’espace des établissements et le Pacte enseignant.</li>"
    "</ul>"
    "<h2>Combien de temps</h2>"
    "<ul>"
    "<li>Un contact d’entreprise, un tuteur ou un mentor <strong>sans aucune activité depuis "
    "trois ans</strong> est anonymisé automatiquement (vérification chaque semaine, dans la "
    "nuit du dimanche) : ses nom, prénom, courriel, téléphone et fonction sont effacés. Une "
    "proposition, une inscription à une formation, un point de mentorat ou une réponse à une "
    "invitation fait repartir ce délai.</li>"
    "<li>Le lien personnel vers l’espace entreprise, reçu par courriel, est valable "
    "<strong>30 jours</strong> ; un nouveau lien peut être demandé à tout moment.</li>"
    "<li>Une demande d’effacement est exécutée sans attendre par le bureau des entreprises : "
    "il ne reste qu’une fiche « Contact anonymisé », sans aucune donnée personnelle.</li>"
    "<li>Le prénom et la classe d’un élève mentoré restent attachés au binôme ; le portail "
    "ne les efface pas encore de lui-même : l’élève ou ses représentants légaux peuvent en "
    "demander l’effacement au bureau des entreprises.</li>"
    f"<li>Les élèves en PFMP sont <strong>effacés</strong> (et non masqués) "
    f"<strong>{PUPIL_RETENTION_DAYS} jours après la fin de l’année scolaire de leur dernière "
    "période</strong>, avec leurs placements et les appréciations de leurs tuteurs "
    "(vérification chaque nuit) : le temps de "
    "constituer et de vérifier le dossier de l’allocation de PFMP.</li>"
    "<li>Une adresse qui a demandé à ne plus recevoir de courriels est conservée, seule, pour "
    "que ce choix soit respecté.</li>"
    "</ul>"
    "<h2>Qui voit ces données</h2>"
    "<p>Seul le personnel des lycées que vous avez choisis (bureau des entreprises, direction, "
    "enseignants qui animent une formation ou suivent un partenariat) : un lycée ne voit "
    "jamais les contacts d’un autre. Les pages publiques (annuaire des partenaires, demandes "
    "d’ouverture de formation) ne montrent aucune donnée personnelle, et une entreprise "
    "n’apparaît dans l’annuaire que si elle l’a accepté. Aucune donnée n’est vendue ni "
    "transmise à des fins commerciales.</p>"
    "<p>Les outils d’un lycée (ses tableurs) et ceux du rectorat lisent certaines données par "
    "l’API du portail, avec un jeton que l’académie délivre et peut révoquer. Le jeton d’un "
    "lycée ne lit que ce lycée : pour les tuteurs inscrits à ses formations, le prénom, le nom, "
    "l’entreprise, le diplôme de l’élève accueilli et la présence, ce qu’il faut pour la liste "
    "d’émargement ; jamais le courriel ni le téléphone. Le jeton de l’académie, qui compte et "
    "compare les lycées, ne reçoit que les initiales des tuteurs.</p>"
    "<h2>Vos droits</h2>"
    "<p>Vous pouvez obtenir une copie de vos données, les faire corriger ou effacer, et vous "
    "opposer à leur traitement. Écrivez au bureau des entreprises du lycée concerné, ou au "
    "délégué à la protection des données de l’académie. Chaque courriel du portail comporte "
    "aussi un lien pour ne plus en recevoir. Si vous estimez que vos droits ne sont pas "
    "respectés, vous pouvez adresser une réclamation à la CNIL (cnil.fr).</p>"
    "<h2>Cookies</h2>"
    "<p>Le portail ne dépose aucun cookie de mesure d’audience ni de publicité. Seuls les "
    "cookies nécessaires au fonctionnement (protection des formulaires, connexion du "
    "personnel) sont utilisés.</p>"
)
BDE_BODY = (
    "<p>Depuis la réforme de la voie professionnelle de 2023, chaque lycée professionnel a un "
    "<strong>bureau des entreprises</strong>. Animé par un ou une responsable (RBDE), il "
    "travaille sous la <strong>coordination</strong> du directeur délégué aux formations "
    "professionnelles et technologiques (DDFPT) ; c’est le point d’entrée des entreprises "
    "du territoire dans le lycée.</p>"
    "<h2>Ses cinq missions</h2>"
    "<ol>"
    "<li>appuyer les enseignants et les formateurs dans leurs relations avec le monde "
    "professionnel ;</li>"
    "<li>mettre en place des actions conjointes entre le lycée, les entreprises et les "
    "acteurs locaux (mentorat, visites, stage dating, semaine des lycées professionnels) ;</li>"
    "<li>être une ressource pour trouver et réussir des stages (PFMP) et des alternances de "
    "qualité, avec des tuteurs formés à l’accueil des élèves ;</li>"
    "<li>développer le sentiment d’appartenance au lycée professionnel et un réseau des "
    "anciens élèves ;</li>"
    "<li>suivre le parcours et l’insertion professionnelle de chaque personne formée au "
    "lycée, et faire remonter les besoins de recrutement pour faire évoluer les "
    "formations.</li>"
    "</ol>"
    "<h2>L’espace des établissements</h2>"
    "<p>Le personnel des lycées (bureau des entreprises, enseignants du Pacte, direction) "
    'travaille dans l’<a href="/admin/">espace des établissements</a>, avec le compte que '
    "lui a ouvert l’académie.</p>"
)
SITE_PLAN_INTRO = "<p>Toutes les pages du portail, par public.</p>"

# (slug, title, body, show_in_menus, menu_section, in_footer)
CONTENT_PAGES = [
    (
        "bureau-des-entreprises",
        "Le bureau des entreprises",
        BDE_BODY,
        True,
        "etablissements",
        False,
    ),
    ("mentions-legales", "Mentions légales", LEGAL_BODY, False, "", True),
    ("donnees-personnelles", "Données personnelles", PERSONAL_DATA_BODY, False, "", True),
]


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
            outro=HOME_MORE,
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
    _fix_home_links(home)
    _accessibility_ensure(home)
    for slug, title, body, in_menus, section, in_footer in CONTENT_PAGES:
        if not ContentPage.objects.filter(slug=slug).exists():
            home.add_child(
                instance=ContentPage(
                    title=title,
                    slug=slug,
                    body=body,
                    show_in_menus=in_menus,
                    menu_section=section,
                    in_footer=in_footer,
                )
            )
    if not SitePlanPage.objects.exists():
        home.add_child(
            instance=SitePlanPage(title="Plan du site", slug="plan-du-site", intro=SITE_PLAN_INTRO)
        )
    return home


def _fix_home_links(home: HomePage) -> None:
    """The first home page pointed its companies' card at an anchor that never existed."""
    data = list(home.audiences.raw_data)
    if any(item.get("value", {}).get("link_url") == "#entreprises" for item in data):
        home.audiences = [("audience", item) for item in AUDIENCES]
        if not home.outro:
            home.outro = HOME_MORE
        home.save_revision().publish()


def _accessibility_ensure(home: HomePage) -> None:
    """The statement is an AccessibilityPage (its status feeds the footer); the first portal
    created it as a plain content page, replaced here once."""
    if AccessibilityPage.objects.exists():
        return
    ContentPage.objects.filter(slug="accessibilite").delete()
    home.add_child(
        instance=AccessibilityPage(
            title="Déclaration d’accessibilité", slug="accessibilite", body=ACCESSIBILITY_BODY
        )
    )
