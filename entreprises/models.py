import unicodedata

from django.conf import settings
from django.db import models
from django.utils import timezone

from .querysets import CompanyQuerySet, ContactQuerySet
from .validators import (
    NAF_SECTION_CHOICES,
    departement_from_postcode,
    naf_section,
    normalize_naf,
    normalize_siret,
    validate_naf,
    validate_siret,
)


def name_key(name: str) -> str:
    """A company name reduced for duplicate detection: no case, accents or punctuation."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = "".join(ch if ch.isalnum() else " " for ch in text).split()
    return " ".join(words)


class SizeBand(models.TextChoices):
    NONE = "0", "sans salarié"
    MICRO = "1-9", "1 à 9 salariés"
    SMALL = "10-49", "10 à 49 salariés"
    MEDIUM = "50-249", "50 à 249 salariés"
    MID = "250-4999", "250 à 4 999 salariés"
    LARGE = "5000+", "5 000 salariés et plus"


class PositionPrecision(models.TextChoices):
    """What the geocoder matched (Géoplateforme `type`); typed or merged coordinates have none."""

    HOUSENUMBER = "housenumber", "numéro dans la rue"
    STREET = "street", "rue"
    LOCALITY = "locality", "lieu-dit (position approximative)"
    MUNICIPALITY = "municipality", "commune (position approximative)"


APPROXIMATE_POSITIONS = {PositionPrecision.LOCALITY, PositionPrecision.MUNICIPALITY}


# The companies of the public directory (`CompanyQuerySet.publicly_listed`): its indexes' rows.
LISTED = models.Q(public_listing=True, merged_into__isnull=True)


class Company(models.Model):
    """One record per SIRET (one establishment of a legal unit) across the whole portal."""

    siret = models.CharField(
        "SIRET",
        max_length=14,
        unique=True,
        validators=[validate_siret],
        help_text="14 chiffres, sur le Kbis ou l’avis de situation INSEE.",
    )
    siren = models.CharField("SIREN", max_length=9, db_index=True, editable=False)
    name = models.CharField("raison sociale", max_length=200, db_index=True)
    # Filled on save: duplicates are searched by (postcode, name_key), case and accents aside.
    name_key = models.CharField("nom normalisé", max_length=200, blank=True, editable=False)
    naf_code = models.CharField(
        "code NAF (APE)",
        max_length=6,
        blank=True,
        validators=[validate_naf],
        help_text="Par exemple 43.21A.",
    )
    naf_section = models.CharField(
        "secteur (section NAF)",
        max_length=1,
        blank=True,
        choices=NAF_SECTION_CHOICES,
        editable=False,
        db_index=True,
    )
    size_band = models.CharField("effectif", max_length=10, blank=True, choices=SizeBand.choices)
    address = models.CharField("adresse", max_length=250, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    town = models.CharField("commune", max_length=120, blank=True, db_index=True)
    departement = models.CharField(
        "département", max_length=3, blank=True, editable=False, db_index=True
    )
    website = models.URLField("site internet", blank=True)
    label_cmq = models.BooleanField(
        "membre d’un Campus des métiers et des qualifications", default=False
    )
    label_ptech = models.BooleanField("partenaire P-TECH", default=False)
    latitude = models.DecimalField(
        "latitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    # Filled by the periodic check against the national company directory (entreprises.lookups).
    closed_on = models.DateField(
        "établissement fermé le",
        null=True,
        blank=True,
        editable=False,
        db_index=True,
        help_text="Date de fermeture de l’établissement selon l’annuaire des entreprises.",
    )
    registry_checked_at = models.DateTimeField(
        "vérifiée dans l’annuaire des entreprises le", null=True, blank=True, editable=False
    )
    geocoded_at = models.DateTimeField("adresse géocodée le", null=True, blank=True, editable=False)
    position_precision = models.CharField(
        "précision de la position",
        max_length=12,
        blank=True,
        choices=PositionPrecision.choices,
        editable=False,
        help_text="Ce que le géocodeur a trouvé : une adresse ou une rue place l’entreprise ; "
        "une commune ou un lieu-dit ne donne qu’une position approximative.",
    )
    public_listing = models.BooleanField(
        "apparaît dans l’annuaire public",
        default=False,
        help_text="L’entreprise a accepté d’être citée comme partenaire sur le site public.",
    )
    merged_into = models.ForeignKey(
        "self",
        verbose_name="fusionnée dans",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_records",
        editable=False,
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        verbose_name = "entreprise"
        verbose_name_plural = "entreprises"
        ordering = ["name"]
        indexes = [
            models.Index(fields=["postcode", "name"], name="company_postcode_name"),
            models.Index(fields=["postcode", "name_key"], name="company_postcode_namekey"),
            # The academy's lists filtered by sector and label (the partnerships of the CMQ
            # companies of a sector), in name order: the labelled few of the sector, sorted.
            # Partial, so that the public directory keeps its own index (company_directory).
            models.Index(
                fields=["naf_section", "name"],
                name="company_section_cmq",
                condition=models.Q(label_cmq=True),
            ),
            models.Index(
                fields=["naf_section", "name"],
                name="company_section_ptech",
                condition=models.Q(label_ptech=True),
            ),
            # The public directory (name order, pages deep into 100k rows, its COUNT): only the
            # companies listed, so that neither the count nor a page scans the whole table.
            models.Index(fields=["name", "id"], name="company_directory", condition=LISTED),
            # Its département and sector filters together (1 listed company in 120): those, in
            # name order, rather than a walk of the whole directory's for the few that match.
            models.Index(
                fields=["departement", "naf_section", "name", "id"],
                name="company_directory_place",
                condition=LISTED,
            ),
            # Its sector filter alone, deep in the list (sector Q's page 39: 10 → 0.2 ms).
            models.Index(
                fields=["naf_section", "name", "id"],
                name="company_directory_section",
                condition=LISTED,
            ),
        ]
        permissions = [("merge_company", "Peut fusionner deux fiches d’entreprise")]

    def __str__(self):
        return f"{self.name} ({self.town})" if self.town else self.name

    def save(self, *args, **kwargs):
        self.siret = normalize_siret(self.siret)
        self.siren = self.siret[:9]
        self.name_key = name_key(self.name)
        self.naf_code = normalize_naf(self.naf_code) if self.naf_code else ""
        self.naf_section = naf_section(self.naf_code) if self.naf_code else ""
        self.departement = departement_from_postcode(self.postcode)
        super().save(*args, **kwargs)

    @property
    def siret_display(self) -> str:
        s = self.siret
        return f"{s[:3]} {s[3:6]} {s[6:9]} {s[9:]}"

    @property
    def position_note(self) -> str:
        """« position approximative (commune) » when the map point is only the town's."""
        if self.position_precision == PositionPrecision.MUNICIPALITY:
            return "position approximative (commune)"
        if self.position_precision == PositionPrecision.LOCALITY:
            return "position approximative (lieu-dit)"
        return ""


class SiretLookup(models.Model):
    """What the API Recherche d'entreprises answered for a SIRET, with its date (a cache)."""

    siret = models.CharField("SIRET", max_length=14, unique=True)
    found = models.BooleanField("connu de l’annuaire", default=False)
    closed = models.BooleanField("établissement fermé", default=False)
    data = models.JSONField("données", default=dict, blank=True)
    fetched_at = models.DateTimeField("interrogé le", db_index=True)

    class Meta:
        verbose_name = "réponse de l’annuaire des entreprises"
        verbose_name_plural = "réponses de l’annuaire des entreprises"

    def __str__(self):
        return f"{self.siret} ({self.fetched_at:%d/%m/%Y})"


class ContactRole(models.TextChoices):
    TUTOR = "tuteur", "tuteur ou tutrice de stage"
    MENTOR = "mentor", "mentor"
    HR = "rh", "ressources humaines"
    MANAGER = "dirigeant", "dirigeant ou manager"
    OTHER = "autre", "autre"


class ConsentMethod(models.TextChoices):
    ONLINE_FORM = "formulaire", "formulaire en ligne du portail"
    WRITTEN = "ecrit", "accord écrit (courriel, papier)"
    ORAL = "oral", "accord oral, noté par le bureau des entreprises"
    ON_SITE = "sur_place", "accord oral, sur place (noté par l’enseignant qui anime)"
    IMPORT = "import", "import d’un tableau du lycée"


class Contact(models.Model):
    """A person at a company. Personal data (RGPD): only what the partnership needs."""

    company = models.ForeignKey(
        Company, verbose_name="entreprise", on_delete=models.CASCADE, related_name="contacts"
    )
    schools = models.ManyToManyField(
        "etablissements.School",
        verbose_name="établissements",
        related_name="contacts",
        blank=True,
        help_text="Les lycées avec qui cette personne travaille ; eux seuls la voient.",
    )
    first_name = models.CharField("prénom", max_length=100)
    last_name = models.CharField("nom", max_length=100)
    role = models.CharField(
        "rôle", max_length=20, choices=ContactRole.choices, default=ContactRole.OTHER
    )
    job_title = models.CharField("fonction", max_length=120, blank=True)
    email = models.EmailField("courriel", blank=True, db_index=True)
    phone = models.CharField("téléphone", max_length=30, blank=True)
    consent_given_at = models.DateTimeField("consentement donné le", null=True, blank=True)
    consent_method = models.CharField(
        "consentement recueilli par", max_length=20, blank=True, choices=ConsentMethod.choices
    )
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="consentement noté par",
    )
    consent_purpose = models.CharField(
        "consentement donné pour",
        max_length=250,
        blank=True,
        help_text="Par exemple : être contacté pour l’accueil de stagiaires et les formations de "
        "tuteurs.",
    )
    last_activity_at = models.DateTimeField(
        "dernière activité", null=True, blank=True, db_index=True
    )
    anonymised_at = models.DateTimeField("anonymisé le", null=True, blank=True, editable=False)
    # A person who typed a SIRET on a public form is not yet one of that company's people: until
    # a confirmed colleague or a school's staff vouches for them, their espace entreprise shows
    # only their own submissions. Staff, imports and the demo create confirmed contacts.
    confirmed_at = models.DateTimeField(
        "confirmé le", null=True, blank=True, default=timezone.now, editable=False
    )
    confirmed_by = models.CharField("confirmé par", max_length=250, blank=True, editable=False)
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
        verbose_name="créé par",
    )

    objects = ContactQuerySet.as_manager()

    class Meta:
        verbose_name = "contact"
        verbose_name_plural = "contacts"
        ordering = ["last_name", "first_name"]
        # The academy's contact list (50k rows) in its order: a page without sorting them all.
        indexes = [models.Index(fields=["last_name", "first_name"], name="contact_name")]

    def __str__(self):
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None

    @property
    def confirmation_display(self) -> str:
        return "confirmé" if self.confirmed_at else "non confirmé"


class CompanyMerge(models.Model):
    """The log of a merge: which record was folded into which, by whom, and what moved."""

    kept = models.ForeignKey(
        Company, verbose_name="fiche conservée", on_delete=models.CASCADE, related_name="merges"
    )
    removed = models.ForeignKey(
        Company,
        verbose_name="fiche fusionnée",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    removed_siret = models.CharField("SIRET de la fiche fusionnée", max_length=14)
    removed_name = models.CharField("raison sociale de la fiche fusionnée", max_length=200)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField("le", auto_now_add=True)
    moved = models.JSONField("éléments déplacés", default=dict, blank=True)

    class Meta:
        verbose_name = "fusion d’entreprises"
        verbose_name_plural = "fusions d’entreprises"
        ordering = ["-merged_at", "-pk"]

    def __str__(self):
        return f"{self.removed_name} ({self.removed_siret}) → {self.kept.name}"


class ErasureReason(models.TextChoices):
    REQUEST = "demande", "à la demande de la personne"
    INACTIVE = "inactivite", "sans activité depuis trois ans"


class ContactErasure(models.Model):
    """The log of an anonymisation (RGPD): it keeps no personal data itself."""

    contact = models.ForeignKey(
        Contact,
        verbose_name="contact",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="erasures",
    )
    company = models.ForeignKey(
        Company,
        verbose_name="entreprise",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reason = models.CharField("motif", max_length=20, choices=ErasureReason.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    erased_at = models.DateTimeField("le", auto_now_add=True)

    class Meta:
        verbose_name = "effacement de contact"
        verbose_name_plural = "effacements de contacts"
        ordering = ["-erased_at", "-pk"]

    def __str__(self):
        return f"{self.get_reason_display()} — {self.erased_at:%d/%m/%Y}"
