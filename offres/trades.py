"""The trades: the diplomas a school prepares (with their filière), and the académie's table
filière → NAF codes that ties them to companies (routing, prospects)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef

from entreprises.models import SizeBand, name_key
from entreprises.validators import NAF_SECTIONS
from etablissements.querysets import SchoolScopedQuerySet, is_academy_admin
from partenariats.models import Partnership


class SchoolDiplomaQuerySet(SchoolScopedQuerySet):
    school_field = "school"


class SchoolDiploma(models.Model):
    """A diploma a school prepares, so that a company can find the school by diploma."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="diplomas",
    )
    diploma = models.ForeignKey(
        "etablissements.Diploma",
        verbose_name="diplôme du référentiel",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="school_diplomas",
        help_text="Le diplôme de la BCN ; son intitulé remplit le nom s’il est vide.",
    )
    name = models.CharField(
        "diplôme", max_length=200, blank=True, help_text="Par exemple : bac pro MELEC."
    )
    trade_area = models.CharField("filière", max_length=120, blank=True)
    # Filled on save: the filière without case, accents or punctuation (routing matches on it).
    trade_area_key = models.CharField(
        "filière normalisée", max_length=120, blank=True, editable=False
    )

    objects = SchoolDiplomaQuerySet.as_manager()

    class Meta:
        verbose_name = "diplôme préparé"
        verbose_name_plural = "diplômes préparés"
        ordering = ["school__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="school_diploma_unique")
        ]
        indexes = [
            models.Index(fields=["trade_area_key", "school"], name="school_diploma_area"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.name and self.diploma is not None:
            self.name = str(self.diploma)[:200]
        self.trade_area_key = name_key(self.trade_area)[:120]
        super().save(*args, **kwargs)

    def clean(self):
        if not self.name and self.diploma is None:
            raise ValidationError("Choisissez un diplôme du référentiel ou écrivez son nom.")


class TradeAreaNafQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """The académie administrator keeps the table; it is nobody else's screen."""
        if user and user.is_authenticated and user.is_active and is_academy_admin(user):
            return self
        return self.none()


class TradeAreaNaf(models.Model):
    """A filière and the NAF codes of the companies of its trades: routes a company's need by
    its NAF code, and finds a school's prospects in the companies register.

    Edited by the académie administrator; seeded with defaults (see offres/trade_areas.py for
    their source).
    """

    name = models.CharField(
        "filière",
        max_length=120,
        unique=True,
        help_text="Comme dans les diplômes préparés des lycées, par exemple « électricité ».",
    )
    key = models.CharField("filière normalisée", max_length=120, unique=True, editable=False)
    naf_codes = models.CharField(
        "codes NAF",
        max_length=600,
        help_text="Séparés par des virgules. Un début de code vaut pour tous les codes qui "
        "commencent ainsi : « 43.21 » couvre 43.21A et 43.21B, « 56 » toute la division 56.",
    )
    source = models.CharField("source", max_length=250, blank=True)

    objects = TradeAreaNafQuerySet.as_manager()

    class Meta:
        verbose_name = "filière et codes NAF"
        verbose_name_plural = "filières et codes NAF"
        ordering = ["name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = name_key(self.name)[:120]
        super().save(*args, **kwargs)

    def clean(self):
        if not name_key(self.name):
            raise ValidationError({"name": "Nommez la filière."})
        prefixes = naf_prefixes(self.naf_codes)
        if not prefixes:
            raise ValidationError(
                {"naf_codes": "Indiquez au moins un code NAF ou un début de code."}
            )
        for prefix in prefixes:
            if prefix[:2] not in NAF_DIVISIONS or (len(prefix) > 2 and prefix[2] != "."):
                raise ValidationError(
                    {
                        "naf_codes": f"« {prefix} » n’est pas un code NAF rév. 2 ni un début de "
                        "code (par exemple 43, 43.2 ou 43.21A)."
                    }
                )
        clash = TradeAreaNaf.objects.filter(key=name_key(self.name)).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError({"name": "Cette filière existe déjà."})

    @property
    def prefixes(self) -> list[str]:
        return naf_prefixes(self.naf_codes)

    def matches(self, naf_code: str) -> bool:
        code = (naf_code or "").strip().upper()
        return bool(code) and any(code.startswith(prefix) for prefix in self.prefixes)


NAF_DIVISIONS = {f"{n:02d}" for _, _, low, high in NAF_SECTIONS for n in range(low, high + 1)}


def naf_prefixes(text: str) -> list[str]:
    """« 43.21, 56 ,45.2A » -> ["43.21", "56", "45.2A"] (upper case, no blanks, no repeats)."""
    out = []
    for part in (text or "").replace(";", ",").split(","):
        part = part.strip().upper().replace(" ", "")
        if part and part not in out:
            out.append(part)
    return out


class ProspectQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def not_partners(self):
        """Those not yet in the school's partnerships (whatever their status)."""
        return self.exclude(
            Exists(
                Partnership.objects.filter(
                    school_id=OuterRef("school_id"), company__siret=OuterRef("siret")
                )
            )
        )


class Prospect(models.Model):
    """An active establishment near a school whose NAF code matches the school's filières, as
    the companies register (API Recherche d'entreprises) gave it: a cache, refreshed by
    `offres.tasks.prospects_refresh_due`, until the RBDE adds it as a prospect."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="register_prospects",
    )
    siret = models.CharField("SIRET", max_length=14)
    name = models.CharField("raison sociale", max_length=200)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    size_band = models.CharField("effectif", max_length=10, blank=True, choices=SizeBand.choices)
    address = models.CharField("adresse", max_length=250, blank=True)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    town = models.CharField("commune", max_length=120, blank=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    longitude = models.DecimalField(max_digits=8, decimal_places=5, null=True, blank=True)
    distance_km = models.DecimalField(
        "distance du lycée (km)", max_digits=5, decimal_places=1, null=True, blank=True
    )
    found_at = models.DateTimeField("trouvée le")

    objects = ProspectQuerySet.as_manager()

    class Meta:
        verbose_name = "entreprise à démarcher"
        verbose_name_plural = "entreprises à démarcher"
        ordering = ["school", "distance_km", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "siret"], name="prospect_once_per_school")
        ]
        indexes = [models.Index(fields=["school", "distance_km", "name"], name="prospect_near")]

    def __str__(self):
        return f"{self.name} ({self.town})"


class ProspectSearch(models.Model):
    """When a school's prospects were last asked of the register, with what, and how it went."""

    school = models.OneToOneField(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="prospect_search",
    )
    refreshed_at = models.DateTimeField("actualisée le", null=True, blank=True, db_index=True)
    radius_km = models.PositiveIntegerField("rayon (km)", default=15)
    naf_codes = models.TextField("codes NAF cherchés", blank=True)
    found = models.PositiveIntegerField("établissements trouvés", default=0)
    error = models.CharField("dernière erreur", max_length=250, blank=True)

    class Meta:
        verbose_name = "recherche d’entreprises à démarcher"
        verbose_name_plural = "recherches d’entreprises à démarcher"

    def __str__(self):
        return str(self.school)
