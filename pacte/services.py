"""Writes of the Pacte. Every rule is checked here and broken rules raise PacteError (French)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from etablissements.models import Membership
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role
from etablissements.selectors import is_teacher_of

from .models import (
    REFERENCE_COMPOSITION,
    ActivityKind,
    ActivityLog,
    ActivityReport,
    ActivityReportTransition,
    Engagement,
    EngagementPart,
    HoursRedeployment,
    Mission,
    MissionLetter,
    PartFraction,
    PartKind,
    ReportStatus,
    SchoolYear,
    TeacherProfile,
    TeacherStatus,
    composition_label,
)


class PacteError(Exception):
    """A rule of the Pacte was broken; the message is for the user, in French."""


def user_has_role(user, school, *roles: str) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return Membership.objects.filter(user=user, school=school, role__in=roles).exists()


def is_direction(user, school) -> bool:
    """Chef d'établissement / DDFPT of `school` (or an academy administrator)."""
    return is_academy_admin(user) or user_has_role(user, school, Role.DIRECTION)


def sees_pay(user, school, teacher=None) -> bool:
    """The euros of a Pacte are for the direction, the teacher themselves and the academy;
    the RBDE sees who follows what, not what they are paid."""
    if teacher is not None and user.pk == teacher.pk:
        return True
    return is_direction(user, school)


def _name(user) -> str:
    return user.get_full_name() or user.username


@transaction.atomic
def teacher_profile_set(*, user, school, status: str) -> TeacherProfile:
    """Record a teacher's school and status (the status decides eligibility)."""
    if status not in TeacherStatus.values:
        raise PacteError(f"Statut inconnu : « {status} ».")
    profile, _ = TeacherProfile.objects.update_or_create(
        user=user, defaults={"school": school, "status": status}
    )
    return profile


def _check_eligible(teacher) -> TeacherProfile:
    profile = TeacherProfile.objects.filter(user=teacher).first()
    if profile is None:
        raise PacteError(
            f"Renseignez d’abord le statut de {_name(teacher)} : il décide de son éligibilité "
            "au Pacte."
        )
    if not profile.eligible:
        raise PacteError(
            f"Le statut « {profile.get_status_display()} » n’ouvre pas droit au Pacte en lycée "
            "professionnel (PLP, PEPS, professeurs documentalistes, CPE, PsyEN et enseignants "
            "en STS seulement)."
        )
    return profile


@transaction.atomic
def engagement_create(*, teacher, school, school_year: SchoolYear, by) -> Engagement:
    """Open a teacher's Pacte for a school year (direction or RBDE of the school)."""
    if not (is_direction(by, school) or user_has_role(by, school, Role.RBDE)):
        raise PacteError("Seuls la direction et le bureau des entreprises composent les Pactes.")
    if not is_teacher_of(teacher, school):
        raise PacteError(f"{_name(teacher)} n’est pas enseignant de cet établissement.")
    _check_eligible(teacher)
    if Engagement.objects.filter(teacher=teacher, school_year=school_year).exists():
        raise PacteError(f"{_name(teacher)} a déjà un Pacte pour l’année {school_year}.")
    return Engagement.objects.create(teacher=teacher, school=school, school_year=school_year)


@dataclass
class PartSpec:
    """One line of the composition submitted for an engagement."""

    mission: Mission
    parts: Decimal | int = 1
    place: str = ""
    periodicity: str = ""
    content: str = ""
    expected_results: str = ""
    targets: dict = field(default_factory=dict)
    hours: int | None = None


def composition_of(specs: list[PartSpec]) -> dict:
    counts = {kind: Decimal(0) for kind in PartKind}
    for spec in specs:
        counts[PartKind(spec.mission.part_kind)] += Decimal(spec.parts)
    return counts


def fractions_of(school_year: SchoolYear) -> dict[int, dict[Decimal, int | None]]:
    """{mission_id: {fraction: hours}} of the fractions of a part allowed this year (1 query)."""
    allowed: dict[int, dict[Decimal, int | None]] = {}
    for row in PartFraction.objects.filter(school_year=school_year):
        allowed.setdefault(row.mission_id, {})[row.fraction] = row.hours
    return allowed


def spec_hours(spec: PartSpec, fractions: dict) -> int | None:
    """Hours of a line: whole parts × the mission's hours, plus the hours of its fraction."""
    if not spec.mission.hours:
        return None
    parts = Decimal(spec.parts)
    whole, rest = int(parts), parts - int(parts)
    extra = fractions.get(spec.mission.pk, {}).get(rest) if rest else 0
    return whole * spec.mission.hours + (extra or 0)


@dataclass
class CompositionSummary:
    """The running total of a composition against the year's rules (the server's truth)."""

    school_year: SchoolYear
    composition: dict
    parts: Decimal
    hours: int
    amount: Decimal

    @property
    def label(self) -> str:
        return composition_label(self.composition)

    @property
    def is_reference(self) -> bool:
        return self.composition == REFERENCE_COMPOSITION

    @property
    def over_parts(self) -> bool:
        return self.parts > self.school_year.max_parts

    @property
    def over_cap(self) -> bool:
        return self.amount > self.school_year.yearly_cap

    @property
    def cap_left(self) -> Decimal:
        return self.school_year.yearly_cap - self.amount


def composition_summary(
    *, specs: list[PartSpec], school_year: SchoolYear, fractions: dict | None = None
) -> CompositionSummary:
    """Parts, hours and euros of a composition, to show while it is composed (reads only)."""
    fractions = fractions_of(school_year) if fractions is None else fractions
    parts = sum((Decimal(spec.parts) for spec in specs), Decimal(0))
    hours = sum(spec_hours(spec, fractions) or 0 for spec in specs)
    return CompositionSummary(
        school_year=school_year,
        composition=composition_of(specs),
        parts=parts,
        hours=hours,
        amount=parts * school_year.part_value,
    )


def _check_parts(specs: list[PartSpec], school_year: SchoolYear, fractions: dict) -> None:
    """Every rule of the year on a composition; the yearly cap is a limit of its own."""
    from .numbers import euros_fr, number_fr, parts_fr

    if not specs:
        raise PacteError("Un Pacte compte au moins une part fonctionnelle.")
    seen = set()
    for spec in specs:
        parts = Decimal(spec.parts)
        action = spec.mission.action
        if parts <= 0:
            raise PacteError(f"« {action} » : indiquez un nombre de parts positif.")
        if not spec.mission.active:
            raise PacteError(f"La mission « {action} » n’est plus proposée.")
        if spec.mission.pk in seen:
            raise PacteError(
                f"La mission « {action} » figure deux fois : indiquez plutôt le nombre de parts."
            )
        seen.add(spec.mission.pk)
        rest = parts - int(parts)
        allowed = fractions.get(spec.mission.pk, {})
        if rest and rest not in allowed:
            if allowed:
                choices = " ou ".join(number_fr(f) for f in sorted(allowed))
                raise PacteError(
                    f"« {action} » : en {school_year.label}, cette mission se prend par part "
                    f"entière ou par fraction de {choices} part ; {number_fr(parts)} n’est pas "
                    "possible."
                )
            raise PacteError(
                f"« {action} » : en {school_year.label}, cette mission ne se prend que par part "
                f"entière ({number_fr(parts)} demandé)."
            )
        if spec.mission.part_kind == PartKind.FORFAIT and parts > 1:
            raise PacteError(f"Le forfait « {action} » compte pour une part au plus.")
    total = sum((Decimal(spec.parts) for spec in specs), Decimal(0))
    if total > school_year.max_parts:
        raise PacteError(
            f"Un Pacte compte au plus {parts_fr(school_year.max_parts)} en "
            f"{school_year.label} ; cette composition en compte {number_fr(total)}."
        )
    amount = total * school_year.part_value
    if amount > school_year.yearly_cap:
        raise PacteError(
            f"Cette composition vaut {euros_fr(amount)} bruts ({parts_fr(total)} × "
            f"{euros_fr(school_year.part_value)}) : elle dépasse le plafond annuel de "
            f"{euros_fr(school_year.yearly_cap)} en {school_year.label}."
        )


@transaction.atomic
def engagement_set_parts(
    *,
    engagement: Engagement,
    parts: list[PartSpec],
    by,
    derogation: bool = False,
    derogation_reason: str = "",
) -> Engagement:
    """Replace the parts of an engagement after checking every rule of the Pacte.

    A composition other than the reference (1 RCD + 3 face-à-face + 2 forfaits) needs a
    derogation, which only the direction may validate; who and when are recorded.
    """
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    school = engagement.school
    direction = is_direction(by, school)
    if not (direction or user_has_role(by, school, Role.RBDE)):
        raise PacteError("Seuls la direction et le bureau des entreprises composent les Pactes.")
    if hasattr(engagement, "mission_letter") and engagement.mission_letter.validated_at:
        raise PacteError(
            "La lettre de mission est déjà validée : la direction doit la rouvrir avant de "
            "changer les parts."
        )
    _check_eligible(engagement.teacher)
    fractions = fractions_of(engagement.school_year)
    _check_parts(parts, engagement.school_year, fractions)

    composition = composition_of(parts)
    if composition == REFERENCE_COMPOSITION:
        engagement.derogation_by = None
        engagement.derogation_at = None
        engagement.derogation_reason = ""
    elif not direction:
        # Said to the RBDE: who can decide, and what to do.
        raise PacteError(
            f"Cette composition ({composition_label(composition)}) s’écarte de la référence "
            f"({composition_label(REFERENCE_COMPOSITION)}) : elle demande une dérogation que "
            "seule la direction (chef d’établissement, DDFPT) valide. Enregistrez la référence "
            "ou demandez à la direction de composer ce Pacte."
        )
    elif not derogation:
        # Said to the direction, who may grant it.
        raise PacteError(
            f"Cette composition ({composition_label(composition)}) s’écarte de la référence "
            f"({composition_label(REFERENCE_COMPOSITION)}) : pour la valider, cochez "
            "« Dérogation à la composition de référence » et indiquez-en le motif."
        )
    elif not derogation_reason.strip():
        raise PacteError("Indiquez le motif de la dérogation à la composition de référence.")
    else:
        engagement.derogation_by = by
        engagement.derogation_at = timezone.now()
        engagement.derogation_reason = derogation_reason.strip()
    engagement.save()

    engagement.parts.all().delete()
    EngagementPart.objects.bulk_create(
        [
            EngagementPart(
                engagement=engagement,
                mission=spec.mission,
                parts=spec.parts,
                hours=spec.hours if spec.hours is not None else spec_hours(spec, fractions),
                place=spec.place,
                periodicity=spec.periodicity,
                content=spec.content or spec.mission.description,
                expected_results=spec.expected_results or spec.mission.default_expected_results,
                targets=spec.targets or {},
                position=index,
            )
            for index, spec in enumerate(parts, start=1)
        ]
    )
    return engagement


@transaction.atomic
def mission_letter_prepare(*, engagement: Engagement) -> MissionLetter:
    """The lettre de mission of an engagement (one per teacher and year), created if missing."""
    if not engagement.parts.exists():
        raise PacteError("Composez d’abord le Pacte : la lettre de mission décline ses parts.")
    letter, _ = MissionLetter.objects.get_or_create(engagement=engagement)
    return letter


@transaction.atomic
def mission_letter_validate(*, letter: MissionLetter, by) -> MissionLetter:
    """The direction validates (signs) the lettre de mission; who and when are kept."""
    letter = (
        MissionLetter.objects.select_for_update().select_related("engagement").get(pk=letter.pk)
    )
    if not is_direction(by, letter.engagement.school):
        raise PacteError("Seule la direction de l’établissement valide les lettres de mission.")
    if letter.validated_at:
        raise PacteError("Cette lettre de mission est déjà validée.")
    letter.validated_by = by
    letter.validated_at = timezone.now()
    letter.save(update_fields=["validated_by", "validated_at"])
    return letter


@transaction.atomic
def mission_letter_reopen(*, letter: MissionLetter, by) -> MissionLetter:
    """The direction reopens a validated letter so that the parts can change."""
    letter = (
        MissionLetter.objects.select_for_update().select_related("engagement").get(pk=letter.pk)
    )
    if not is_direction(by, letter.engagement.school):
        raise PacteError("Seule la direction de l’établissement rouvre une lettre de mission.")
    letter.validated_by = None
    letter.validated_at = None
    letter.save(update_fields=["validated_by", "validated_at"])
    return letter


@transaction.atomic
def engagement_carry_over(*, engagement: Engagement, until, by) -> Engagement:
    """The direction lets unfinished missions be completed until `until` (None: no carry-over).

    The year's rules say whether and until when; the record then counts the activity up to
    `until`, and the next year's record only from the day after (each activity counts once).
    """
    engagement = (
        Engagement.objects.select_for_update().select_related("school_year").get(pk=engagement.pk)
    )
    year = engagement.school_year
    if not is_direction(by, engagement.school):
        raise PacteError("Seule la direction de l’établissement reporte des missions.")
    report = ActivityReport.objects.filter(engagement=engagement).first()
    if report and report.status == ReportStatus.VALIDATED:
        raise PacteError("Le bilan de ce Pacte est validé : ses missions sont closes.")
    if until is not None:
        if not year.carry_over_deadline:
            raise PacteError(
                f"Les règles de l’année {year.label} ne permettent pas de reporter une mission "
                "sur l’année suivante."
            )
        if not (year.end < until <= year.carry_over_deadline):
            raise PacteError(
                f"Le report se termine entre le {year.end + datetime.timedelta(days=1):%d/%m/%Y} "
                f"et le {year.carry_over_deadline:%d/%m/%Y} (règle de l’année {year.label})."
            )
    engagement.carried_over_until = until
    engagement.save(update_fields=["carried_over_until", "updated_at"])
    return engagement


def counting_end(engagement: Engagement) -> datetime.date:
    """Last day whose activity the engagement's record counts (its carry-over, else year end)."""
    return engagement.carried_over_until or engagement.school_year.end


# --- The teacher's own actions, the bilan d'activité, redeployments ---------------------------


def _own_engagement(engagement: Engagement, by) -> None:
    if by is None or by.pk != engagement.teacher_id:
        raise PacteError("Seul l’enseignant concerné peut le faire.")


@transaction.atomic
def activity_log_add(
    *, engagement: Engagement, by, occurred_on, kind: str, hours, description: str
) -> ActivityLog:
    """A teacher logs an action done outside the portal for their forfait, in its school year."""
    _own_engagement(engagement, by)
    year = engagement.school_year
    last = counting_end(engagement)
    errors = []
    if occurred_on is None or not (year.start <= occurred_on <= last):
        errors.append(
            f"La date doit tomber dans l’année scolaire {year.label} "
            f"(du {year.start:%d/%m/%Y} au {last:%d/%m/%Y})."
        )
    elif occurred_on > timezone.localdate():
        errors.append("Notez une action déjà faite : la date est dans le futur.")
    if kind not in ActivityKind.values:
        errors.append("Choisissez le type d’action.")
    try:
        hours = Decimal(str(hours))
    except (InvalidOperation, TypeError, ValueError):
        hours = None
    if hours is None or not (Decimal("0.5") <= hours <= 12):
        errors.append("Indiquez entre 0,5 et 12 heures.")
    if not (description or "").strip():
        errors.append("Décrivez l’action en une phrase.")
    if errors:
        raise PacteError(" ".join(errors))
    _check_report_open(engagement)
    return ActivityLog.objects.create(
        engagement=engagement,
        occurred_on=occurred_on,
        kind=kind,
        hours=hours,
        description=description.strip(),
    )


@transaction.atomic
def activity_log_delete(*, log: ActivityLog, by) -> None:
    _own_engagement(log.engagement, by)
    _check_report_open(log.engagement)
    log.delete()


def _check_report_open(engagement: Engagement) -> None:
    report = ActivityReport.objects.filter(engagement=engagement).first()
    if report and not report.is_editable:
        raise PacteError(
            "Le bilan d’activité est remis ou validé : le relevé de l’année ne change plus."
        )


def report_of(engagement: Engagement) -> ActivityReport:
    """The bilan of an engagement; an unsaved draft when none was written yet (reads only)."""
    return ActivityReport.objects.filter(engagement=engagement).first() or ActivityReport(
        engagement=engagement
    )


def report_for(engagement: Engagement) -> ActivityReport:
    """The bilan of an engagement, created (as a draft) the first time it is asked for."""
    report, _ = ActivityReport.objects.get_or_create(engagement=engagement)
    return report


def _transition(report, target: str, by, comment: str = "") -> ActivityReport:
    ActivityReportTransition.objects.create(
        report=report, from_status=report.status, to_status=target, by=by, comment=comment
    )
    report.status = target
    return report


def _locked_report(engagement: Engagement) -> ActivityReport:
    report_for(engagement)
    return (
        ActivityReport.objects.select_for_update()
        .select_related("engagement__school", "engagement__school_year", "engagement__teacher")
        .get(engagement=engagement)
    )


@transaction.atomic
def report_save_comments(*, engagement: Engagement, by, comments: str) -> ActivityReport:
    """The teacher writes their comments while the bilan is a draft or sent back."""
    _own_engagement(engagement, by)
    report = _locked_report(engagement)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis : attendez la décision de la direction.")
    report.comments = (comments or "").strip()
    report.save(update_fields=["comments", "updated_at"])
    return report


@transaction.atomic
def report_submit(*, engagement: Engagement, by, comments: str | None = None) -> ActivityReport:
    """The teacher submits the bilan: the year's record is frozen into it; the direction is told."""
    from .activity import lien_record

    _own_engagement(engagement, by)
    report = _locked_report(engagement)
    if not report.is_editable:
        raise PacteError("Ce bilan est déjà remis à la direction.")
    if comments is not None:
        report.comments = comments.strip()
    if not report.comments:
        raise PacteError(
            "Ajoutez vos commentaires avant de remettre le bilan : ce que les chiffres ne "
            "disent pas."
        )
    engagement = Engagement.objects.with_related().get(pk=engagement.pk)
    report.compiled = lien_record(engagement).as_data(with_planned=False)
    _transition(report, ReportStatus.SUBMITTED, by)
    report.submitted_at = timezone.now()
    report.decided_by = None
    report.decided_at = None
    report.save()
    return report


def _decide(engagement: Engagement, by, target: str, comment: str) -> ActivityReport:
    report = _locked_report(engagement)
    if not is_direction(by, report.engagement.school):
        raise PacteError("Seule la direction de l’établissement valide ou renvoie les bilans.")
    if report.status != ReportStatus.SUBMITTED:
        raise PacteError("Ce bilan n’est pas remis : il n’y a rien à décider.")
    _transition(report, target, by, comment)
    report.decided_by = by
    report.decided_at = timezone.now()
    report.direction_comment = comment
    report.save()
    return report


@transaction.atomic
def report_validate(*, engagement: Engagement, by, comment: str = "") -> ActivityReport:
    """The direction validates a submitted bilan (who and when are kept)."""
    return _decide(engagement, by, ReportStatus.VALIDATED, (comment or "").strip())


@transaction.atomic
def report_send_back(*, engagement: Engagement, by, comment: str) -> ActivityReport:
    """The direction sends a bilan back to the teacher, saying what to complete."""
    comment = (comment or "").strip()
    if not comment:
        raise PacteError("Dites à l’enseignant ce qu’il faut compléter avant de renvoyer le bilan.")
    return _decide(engagement, by, ReportStatus.SENT_BACK, comment)


def redeployable_hours(part: EngagementPart) -> int:
    """Face-à-face hours of a part not yet redeployed."""
    done = sum(r.hours for r in part.redeployments.all())
    return max((part.hours or 0) - done, 0)


@transaction.atomic
def hours_redeploy(
    *, part: EngagementPart, to_mission: Mission, hours: int, reason: str, by
) -> HoursRedeployment:
    """The direction moves face-à-face hours a teacher cannot do to another mission."""
    part = (
        EngagementPart.objects.select_for_update()
        .select_related("engagement__school", "mission")
        .get(pk=part.pk)
    )
    if not is_direction(by, part.engagement.school):
        raise PacteError("Seule la direction de l’établissement redéploie des heures.")
    if part.mission.part_kind != PartKind.FACE_TO_FACE:
        raise PacteError("Seules les heures de face-à-face pédagogique se redéploient.")
    if to_mission.pk == part.mission_id:
        raise PacteError("Choisissez une autre mission que celle d’où viennent les heures.")
    if not to_mission.active or to_mission.part_kind == PartKind.FORFAIT:
        raise PacteError(
            "Les heures se redéploient vers une mission en heures (RCD ou face-à-face) "
            "encore proposée."
        )
    left = redeployable_hours(part)
    if left == 0:
        raise PacteError("Toutes les heures de cette mission sont déjà redéployées.")
    if not isinstance(hours, int) or hours < 1 or hours > left:
        raise PacteError(f"Indiquez entre 1 et {left} heure(s) : c’est ce qui reste à redéployer.")
    if not (reason or "").strip():
        raise PacteError("Indiquez le motif lié au service.")
    return HoursRedeployment.objects.create(
        from_part=part, to_mission=to_mission, hours=hours, reason=reason.strip(), by=by
    )
