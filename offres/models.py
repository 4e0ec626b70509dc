"""What companies offer and ask: one `Submission` table for the eight ways, per-school answers.

A submission holds the fields every kind shares; what is proper to a kind lives in `details`
(JSON), written only through the kind's form (`offres.kinds`), which holds the kind's rules.
One table keeps the moderation queue a single query over every kind.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q

from etablissements.querysets import SchoolScopedQuerySet, is_academy_admin, school_ids_subquery


class SubmissionKind(models.TextChoices):
    SPECIALISATION = "specialisation", "demande d’ouverture d’une formation de spécialisation"
    RECRUITMENT = "recrutement", "difficultés de recrutement"
    DISCOVERY = "decouverte", "découverte des métiers pour les collégiens"
    PLACEMENT = "stages", "places de stage (PFMP) ou d’apprentissage"
    MENTORING = "mentorat", "mentorat"
    CMQ = "cmq", "participation à un Campus des métiers et des qualifications"
    ASSOCIATE_TEACHER = "professeur_associe", "salarié professeur associé"
    TEACHER_TRAINING = "formation_enseignants", "formation des professeurs en entreprise"
    EMPLOYEE_TRAINERS = (
        "salaries_formateurs",
        "salariés qui participent à la formation des élèves",
    )


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "soumise", "soumise"
    ACCEPTED = "acceptee", "acceptée"
    REFUSED = "refusee", "refusée"
    CLOSED = "close", "close"
    WITHDRAWN = "retiree", "retirée par l’entreprise"


class FollowUpStatus(models.TextChoices):
    """The life of a specialisation-course request after the school accepted to carry it."""

    RECEIVED = "recue", "reçue"
    STUDY = "etude", "à l’étude"
    SENT_ON = "transmise", "transmise au rectorat / à la Région"
    OPENED = "ouverte", "formation ouverte"
    DECLINED = "refusee", "refusée"


# The public list of specialisation requests (a partial index of its own, in its order).
OPEN_SPECIALISATION = Q(
    kind=SubmissionKind.SPECIALISATION, joins__isnull=True, status=SubmissionStatus.ACCEPTED
) & ~Q(followup_status__in=[FollowUpStatus.OPENED, FollowUpStatus.DECLINED])


class SubmissionQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """Submissions addressed to one of the user's schools (all for an academy admin)."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_academy_admin(user) and not roles:
            return self
        return self.filter(
            Exists(
                SubmissionSchool.objects.filter(
                    submission=OuterRef("pk"), school__in=school_ids_subquery(user, roles)
                )
            )
        )

    def for_contact(self, contact):
        """What a person sees in the espace entreprise: their company's submissions once they
        are confirmed, only their own until then (a SIRET typed on a form proves nothing)."""
        if contact is None or contact.anonymised_at:
            return self.none()
        if contact.confirmed_at is not None:
            return self.filter(company_id=contact.company_id)
        return self.filter(contact_id=contact.pk)

    def specialisation(self):
        return self.filter(kind=SubmissionKind.SPECIALISATION)

    def open_specialisation_requests(self):
        """Public list: specialisation requests a school accepted to carry and still alive,
        that other companies may join (one only submitted is not shown yet)."""
        return self.filter(OPEN_SPECIALISATION)

    def counted_joins(self):
        """The companies joining a request that count in its figures: neither withdrawn nor
        refused. The one rule for every place a request's companies and hires are shown."""
        return self.exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.REFUSED])

    def not_sent_on(self):
        return (
            self.specialisation()
            .filter(followup_status__in=[FollowUpStatus.RECEIVED, FollowUpStatus.STUDY])
            .exclude(status__in=[SubmissionStatus.WITHDRAWN, SubmissionStatus.REFUSED])
        )


class Submission(models.Model):
    """One offer or request from a company, addressed to one or more schools."""

    kind = models.CharField("type", max_length=30, choices=SubmissionKind.choices, db_index=True)
    company = models.ForeignKey(
        "entreprises.Company",
        verbose_name="entreprise",
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    contact = models.ForeignKey(
        "entreprises.Contact",
        verbose_name="contact",
        on_delete=models.PROTECT,
        related_name="submissions",
    )
    schools = models.ManyToManyField(
        "etablissements.School",
        verbose_name="établissements destinataires",
        through="SubmissionSchool",
        related_name="submissions",
    )
    status = models.CharField(
        "statut",
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    details = models.JSONField("détails", default=dict, blank=True)
    paused = models.BooleanField(
        "en pause", default=False, help_text="L’entreprise ne reçoit plus de demandes."
    )
    request_cap = models.PositiveIntegerField(
        "places restantes",
        null=True,
        blank=True,
        help_text="Demandes (élèves) que l’entreprise accepte encore ; vide : sans limite.",
    )
    students_per_period = models.PositiveIntegerField("élèves par période", null=True, blank=True)
    joins = models.ForeignKey(
        "self",
        verbose_name="se joint à la demande",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="joined_by",
        limit_choices_to={"kind": SubmissionKind.SPECIALISATION},
    )
    # Specialisation-course requests only.
    followup_status = models.CharField(
        "suivi de la demande", max_length=20, blank=True, choices=FollowUpStatus.choices
    )
    followup_changed_at = models.DateTimeField("suivi modifié le", null=True, blank=True)
    before_parcoursup = models.BooleanField(
        "à transmettre avant l’offre Parcoursup de janvier",
        default=False,
        help_text="La formation doit figurer dans l’offre présentée en janvier sur Parcoursup.",
    )
    sent_on_at = models.DateField("transmise le", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_submissions",
    )
    handled_at = models.DateTimeField("traitée le", null=True, blank=True)
    withdrawn_at = models.DateTimeField("retirée le", null=True, blank=True)
    # Routing (offres.routing): the need as the company stated it, and the shared answer.
    trade_area = models.CharField("filière concernée", max_length=120, blank=True)
    distance = models.CharField(
        "distance choisie", max_length=12, blank=True, help_text="10, 25, 50 (km) ou « dep »."
    )
    routed = models.BooleanField(
        "lycées proposés par le portail",
        default=False,
        help_text="L’entreprise n’a choisi aucun lycée : le portail a choisi les plus proches "
        "qui préparent les métiers concernés.",
    )
    lead_school = models.ForeignKey(
        "etablissements.School",
        verbose_name="lycée qui suit la proposition",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_submissions",
    )
    taken_at = models.DateTimeField("prise en charge le", null=True, blank=True)
    answered_at = models.DateTimeField(
        "réponse envoyée à l’entreprise le",
        null=True,
        blank=True,
        help_text="L’unique réponse de la proposition partagée : le premier lycée qui accepte, "
        "ou le dernier refus quand tous ont refusé.",
    )
    created_at = models.DateTimeField("soumise le", auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition d’entreprise"
        verbose_name_plural = "propositions d’entreprises"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="specialisation") | models.Q(followup_status=""),
                name="submission_followup_only_for_specialisation",
            ),
            models.CheckConstraint(
                condition=models.Q(request_cap__isnull=True) | models.Q(request_cap__gte=0),
                name="submission_request_cap_not_negative",
            ),
        ]
        indexes = [
            models.Index(
                fields=["-created_at", "-id"], condition=OPEN_SPECIALISATION, name="spe_open"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.company.name}"

    def clean(self):
        # offres.kinds reads these models: a real cycle.
        from .kinds import details_errors

        errors = details_errors(self.kind, self.details)
        if errors:
            raise ValidationError({"details": [f"{k} : {v}" for k, v in errors.items()]})
        if self.followup_status and self.kind != SubmissionKind.SPECIALISATION:
            raise ValidationError(
                {"followup_status": "Seule une demande d’ouverture de formation a un suivi."}
            )

    @property
    def is_editable(self) -> bool:
        """The company may change it until a school has answered."""
        return self.status == SubmissionStatus.SUBMITTED and not self.handled_at

    @property
    def is_withdrawn(self) -> bool:
        return self.status == SubmissionStatus.WITHDRAWN

    def details_display(self) -> list[tuple[str, str]]:
        # offres.kinds reads these models: a real cycle.
        from .kinds import details_display

        return details_display(self.kind, self.details)


class SubmissionSchoolQuerySet(SchoolScopedQuerySet):
    school_field = "school"

    def with_related(self):
        return self.select_related(
            "submission__company",
            "submission__contact",
            "submission__lead_school",
            "school",
            "handled_by",
        )

    def unhandled_since(self, before):
        return self.filter(
            status=SubmissionStatus.SUBMITTED, submission__status=SubmissionStatus.SUBMITTED
        ).filter(submission__created_at__lt=before)


class SubmissionSchool(models.Model):
    """A submission as one school received it, with that school's answer."""

    submission = models.ForeignKey(
        Submission,
        verbose_name="proposition",
        on_delete=models.CASCADE,
        related_name="addressees",
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        on_delete=models.CASCADE,
        related_name="received_submissions",
    )
    status = models.CharField(
        "réponse",
        max_length=20,
        choices=SubmissionStatus.choices,
        default=SubmissionStatus.SUBMITTED,
        db_index=True,
    )
    reason = models.TextField(
        "motif ou message à l’entreprise",
        blank=True,
        max_length=2000,
        help_text="Obligatoire en cas de refus : il est envoyé à l’entreprise.",
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="traitée par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="handled_submission_answers",
    )
    handled_at = models.DateTimeField("traitée le", null=True, blank=True, db_index=True)
    distance_km = models.PositiveIntegerField(
        "distance de l’entreprise (km)", null=True, blank=True
    )

    objects = SubmissionSchoolQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition reçue"
        verbose_name_plural = "propositions reçues"
        ordering = ["-submission__created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "school"], name="submission_school_unique"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="retiree"), name="submission_school_not_withdrawn"
            ),
        ]
        indexes = [models.Index(fields=["school", "status"], name="submission_school_status")]

    def __str__(self):
        return f"{self.submission} → {self.school.name}"


class SubmissionEventQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        return self.filter(submission__in=Submission.objects.for_user(user, roles).values("pk"))


class SubmissionEvent(models.Model):
    """The journal of a submission: each status or follow-up change, with its date."""

    submission = models.ForeignKey(
        Submission, verbose_name="proposition", on_delete=models.CASCADE, related_name="events"
    )
    school = models.ForeignKey(
        "etablissements.School",
        verbose_name="établissement",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    field = models.CharField("changement", max_length=20)  # "status" or "followup"
    from_value = models.CharField("avant", max_length=20, blank=True)
    to_value = models.CharField("après", max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    comment = models.TextField("commentaire", blank=True)
    at = models.DateTimeField("le", auto_now_add=True, db_index=True)

    objects = SubmissionEventQuerySet.as_manager()

    class Meta:
        verbose_name = "étape d’une proposition"
        verbose_name_plural = "historique des propositions"
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.field} : {self.from_label or '—'} → {self.to_label}"

    def _label(self, value: str) -> str:
        choices = FollowUpStatus if self.field == "followup" else SubmissionStatus
        if value in choices.values:
            return str(choices(value).label)
        return "modifiée par l’entreprise" if value == "modifiee" else value

    @property
    def from_label(self) -> str:
        return self._label(self.from_value) if self.from_value else ""

    @property
    def to_label(self) -> str:
        return self._label(self.to_value)


from .pages import WayPage, WaysIndexPage  # noqa: E402, F401
from .preferences import SubmissionMailPreference  # noqa: E402, F401
from .trades import (  # noqa: E402, F401
    NAF_DIVISIONS,
    Prospect,
    ProspectSearch,
    SchoolDiploma,
    TradeAreaNaf,
    naf_prefixes,
)
