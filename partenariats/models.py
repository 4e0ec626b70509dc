import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone

from .choices import STATUS_RANK, PartnershipStatus

__all__ = ["STATUS_RANK", "PartnershipStatus"]
from .querysets import PartnershipQuerySet, SchoolChildQuerySet

CONVENTION_MAX_BYTES = 5 * 1024 * 1024


def validate_convention_file(upload) -> None:
    if upload.size > CONVENTION_MAX_BYTES:
        raise ValidationError(
            "Le fichier de la convention dépasse 5 Mo ; enregistrez-le en PDF plus léger.",
            code="convention_too_large",
        )
    head = upload.read(5)
    upload.seek(0)
    if head != b"%PDF-":
        raise ValidationError(
            "La convention doit être un fichier PDF (le fichier envoyé n’en est pas un).",
            code="convention_not_pdf",
        )


def convention_upload_to(instance, filename: str) -> str:
    """A random stored name: the original name (a person's, a company's) never reaches the disk,
    and nobody guesses a path. The file is served only by the checked download view."""

    return f"conventions/{timezone.now():%Y}/{secrets.token_urlsafe(18)}.pdf"


class Partnership(models.Model):
    """A company and a school working together."""

    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    company = models.ForeignKey(
        "entreprises.Company",
        verbose_name="entreprise",
        on_delete=models.CASCADE,
        related_name="partnerships",
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=PartnershipStatus.choices,
        default=PartnershipStatus.PROSPECT,
        db_index=True,
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="enseignant qui suit le partenariat",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="followed_partnerships",
    )
    convention_signed_on = models.DateField("convention signée le", null=True, blank=True)
    convention_end = models.DateField("fin de la convention", null=True, blank=True, db_index=True)
    convention_file = models.FileField(
        "convention signée (PDF)",
        upload_to=convention_upload_to,
        blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_convention_file],
        help_text="PDF, 5 Mo au plus.",
    )
    notes = models.TextField("notes", blank=True)
    last_interaction_on = models.DateField(
        "dernière interaction", null=True, blank=True, editable=False, db_index=True
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = "partenariat"
        verbose_name_plural = "partenariats"
        ordering = ["company__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "company"], name="partnership_one_per_school_and_company"
            ),
            models.CheckConstraint(
                condition=models.Q(convention_end__isnull=True)
                | models.Q(convention_signed_on__isnull=True)
                | models.Q(convention_end__gte=models.F("convention_signed_on")),
                name="partnership_convention_ends_after_signature",
            ),
        ]
        # The staff list is always limited to a school, then filtered or counted by these.
        indexes = [
            models.Index(fields=["school", "status"], name="partnership_school_status"),
            models.Index(fields=["school", "convention_end"], name="partnership_school_conv_end"),
            models.Index(
                fields=["school", "last_interaction_on"], name="partnership_school_last_inter"
            ),
            models.Index(fields=["school", "created_at"], name="partnership_school_created"),
            # The academy's lists filtered on the company (sector, label) and a status: the
            # count reads the index alone, one probe per company.
            models.Index(fields=["company", "status"], name="partnership_company_status"),
        ]

    def __str__(self):
        return f"{self.company.name} — {self.school.name}"

    @property
    def teacher_name(self) -> str:
        teacher = self.teacher
        return (teacher.get_full_name() or teacher.get_username()) if teacher else ""

    def clean(self):
        if (
            self.convention_end
            and self.convention_signed_on
            and self.convention_end < self.convention_signed_on
        ):
            raise ValidationError(
                {"convention_end": "La fin de la convention précède sa signature."}
            )


class PartnershipStatusChange(models.Model):
    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="status_changes",
        verbose_name="partenariat",
    )
    from_status = models.CharField(
        "ancien statut", max_length=20, blank=True, choices=PartnershipStatus.choices
    )
    to_status = models.CharField("nouveau statut", max_length=20, choices=PartnershipStatus.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="par",
    )
    changed_at = models.DateTimeField("le", auto_now_add=True)
    comment = models.CharField("commentaire", max_length=300, blank=True)

    objects = SchoolChildQuerySet.as_manager()

    class Meta:
        verbose_name = "changement de statut"
        verbose_name_plural = "historique des statuts"
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.get_from_status_display() or '—'} → {self.get_to_status_display()}"


class PartnershipTeacherPeriod(models.Model):
    """Who followed a partnership when: one row per teacher assigned, written by the service."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="teacher_periods",
        verbose_name="partenariat",
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partnership_periods",
        verbose_name="enseignant qui suit",
    )
    since = models.DateField("depuis le")
    until = models.DateField(
        "jusqu’au", null=True, blank=True, help_text="Dernier jour de suivi ; vide s’il continue."
    )
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="attribué par",
    )
    set_at = models.DateTimeField("attribué le", auto_now_add=True)

    objects = SchoolChildQuerySet.as_manager()

    class Meta:
        verbose_name = "période de suivi d’un partenariat"
        verbose_name_plural = "historique des enseignants qui suivent"
        ordering = ["since", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(until__isnull=True) | models.Q(until__gte=models.F("since")),
                name="partnership_teacher_period_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["partnership"],
                condition=models.Q(until__isnull=True),
                name="partnership_one_open_teacher_period",
            ),
        ]
        indexes = [
            models.Index(fields=["teacher", "since"], name="partnership_period_teacher"),
        ]

    def __str__(self):
        until = f" au {self.until:%d/%m/%Y}" if self.until else ""
        return f"{self.teacher} du {self.since:%d/%m/%Y}{until}"


class RoadmapAction(models.Model):
    """One joint action of the partnership's annual roadmap."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="roadmap", verbose_name="partenariat"
    )
    school_year = models.CharField(
        "année scolaire", max_length=9, help_text="Par exemple 2026-2027."
    )
    title = models.CharField("action", max_length=200)
    planned_on = models.DateField("prévue le", null=True, blank=True)
    done = models.BooleanField("réalisée", default=False)
    done_on = models.DateField("réalisée le", null=True, blank=True)

    objects = SchoolChildQuerySet.as_manager()

    class Meta:
        verbose_name = "action de la feuille de route"
        verbose_name_plural = "feuille de route"
        ordering = ["planned_on", "pk"]

    def __str__(self):
        return self.title


class InteractionKind(models.TextChoices):
    MEETING = "reunion", "réunion"
    CALL = "appel", "appel"
    VISIT = "visite", "visite"
    EVENT = "evenement", "événement"
    EMAIL = "courriel", "courriel"
    PFMP = "pfmp", "PFMP (placement d’un élève)"


class Interaction(models.Model):
    """One entry of the partnership's journal."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="interactions",
        verbose_name="partenariat",
    )
    kind = models.CharField("type", max_length=20, choices=InteractionKind.choices)
    occurred_on = models.DateField("date", db_index=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        verbose_name="auteur",
    )
    note = models.TextField("note", blank=True)
    pfmp_followup = models.BooleanField(
        "suivi de PFMP",
        default=False,
        help_text="Visite ou appel du professeur référent d’un élève en PFMP (compté dans son "
        "bilan du Pacte quand sa mission couvre le suivi des PFMP).",
    )
    created_at = models.DateTimeField("saisie le", auto_now_add=True)

    objects = SchoolChildQuerySet.as_manager()

    class Meta:
        verbose_name = "interaction"
        verbose_name_plural = "journal des interactions"
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(
                fields=["partnership", "-occurred_on"], name="interaction_partnership_date"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} du {self.occurred_on:%d/%m/%Y}"
