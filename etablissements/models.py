from django.conf import settings
from django.db import models
from django.utils import timezone

from .querysets import SchoolQuerySet, SchoolScopedQuerySet
from .roles import Role
from .validators import normalize_uai, validate_uai


class SchoolKind(models.TextChoices):
    LP = "LP", "lycée professionnel (LP)"
    LPO = "LPO", "lycée polyvalent (LPO)"
    SEP = "SEP", "section d’enseignement professionnel (SEP)"


class School(models.Model):
    uai = models.CharField(
        "code UAI",
        max_length=8,
        unique=True,
        validators=[validate_uai],
        help_text="7 chiffres et une lettre de contrôle, par exemple 0750655E.",
    )
    name = models.CharField("nom", max_length=200)
    kind = models.CharField("type", max_length=3, choices=SchoolKind.choices)
    town = models.CharField("commune", max_length=120)
    postcode = models.CharField("code postal", max_length=5, blank=True)
    academy = models.CharField("académie", max_length=80)
    address = models.CharField("adresse", max_length=250, blank=True)
    latitude = models.DecimalField(
        "latitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        "longitude", max_digits=8, decimal_places=5, null=True, blank=True
    )
    bde_email = models.EmailField(
        "courriel du bureau des entreprises",
        blank=True,
        help_text="Adresse générique du bureau, montrée aux entreprises.",
    )

    objects = SchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement"
        verbose_name_plural = "établissements"
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.town})"

    def save(self, *args, **kwargs):
        self.uai = normalize_uai(self.uai)
        super().save(*args, **kwargs)


class DiplomaQuerySet(models.QuerySet):
    def valid_on(self, day):
        """Diplomas open on `day` (no closing date, or a later one)."""
        return self.filter(models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day))


class Diploma(models.Model):
    """A diploma of the BCN referential (table N_FORMATION_DIPLOME), by its 8-character code.

    Diplomas typed before the referential was imported have no code until one is given.
    """

    code = models.CharField(
        "code diplôme (BCN)",
        max_length=8,
        unique=True,
        null=True,
        blank=True,
        help_text="Le code FORMATION_DIPLOME de la BCN, par exemple 40025214.",
    )
    kind = models.CharField(
        "type", max_length=40, blank=True, help_text="Par exemple BAC PRO, CAP, BTS."
    )
    label = models.CharField("intitulé", max_length=250, db_index=True)
    level = models.CharField("niveau", max_length=100, blank=True)
    valid_from = models.DateField("ouvert le", null=True, blank=True)
    valid_until = models.DateField("fermé le", null=True, blank=True)

    objects = DiplomaQuerySet.as_manager()

    class Meta:
        verbose_name = "diplôme"
        verbose_name_plural = "diplômes"
        ordering = ["kind", "label"]

    def __str__(self):
        return f"{self.kind} {self.label}".strip() if self.kind else self.label


class MembershipQuerySet(SchoolScopedQuerySet):
    pass


class Membership(models.Model):
    """A staff user's role in one school. A user may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="utilisateur",
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    school = models.ForeignKey(
        School, verbose_name="établissement", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "rattachement"
        verbose_name_plural = "rattachements"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school", "role"], name="membership_unique_role_per_school"
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} — {self.school}"


class InvitationQuerySet(SchoolScopedQuerySet):
    def pending(self, *, now):
        return self.filter(accepted_at__isnull=True, expires_at__gt=now)

    def for_email(self, email: str):
        return self.filter(email__iexact=(email or "").strip())


class Invitation(models.Model):
    """An email invited to hold a role in a school; the first ProConnect sign-in accepts it.

    ProConnect proves who someone is, never their role: roles come only from invitations.
    The row is its own log (who invited, when, until when, who accepted and when).
    """

    email = models.EmailField("courriel", db_index=True)
    school = models.ForeignKey(
        School, verbose_name="établissement", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="invitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField("invitée le", auto_now_add=True)
    expires_at = models.DateTimeField("valable jusqu’au", editable=False)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True, editable=False)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="compte rattaché",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="accepted_invitations",
        editable=False,
    )

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = "invitation"
        verbose_name_plural = "invitations"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} — {self.get_role_display()} — {self.school.name}"

    @property
    def status_label(self) -> str:
        if self.accepted_at:
            return "acceptée"
        return "expirée" if self.expires_at <= timezone.now() else "en attente"


class ProConnectIdentity(models.Model):
    """The ProConnect identity (`sub`) an account was bound to on its first sign-in.

    ProConnect's `sub` is stable for one person at one identity provider (FI): later sign-ins
    must come with the same one. Another identity asserting the same email is refused.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name="compte",
        on_delete=models.CASCADE,
        related_name="proconnect_identity",
    )
    sub = models.CharField("identifiant ProConnect (sub)", max_length=255, unique=True)
    idp_id = models.CharField("fournisseur d’identité", max_length=255, blank=True)
    created_at = models.DateTimeField("reliée le", auto_now_add=True)
    last_sign_in_at = models.DateTimeField("dernière connexion", null=True, blank=True)

    class Meta:
        verbose_name = "identité ProConnect"
        verbose_name_plural = "identités ProConnect"

    def __str__(self):
        return f"{self.user} — {self.sub}"
