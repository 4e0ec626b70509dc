"""Writes on partnerships: lifecycle, teacher, journal."""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from etablissements.dashboard_cache import figures_changed

from ..models import (
    Interaction,
    Partnership,
    PartnershipStatus,
    PartnershipStatusChange,
    PartnershipTeacherPeriod,
)


class PartnershipError(Exception):
    """A rule of partnerships was broken; the message is for the user, in French."""


ALLOWED_TRANSITIONS = {
    PartnershipStatus.PROSPECT: {PartnershipStatus.ACTIVE, PartnershipStatus.ENDED},
    PartnershipStatus.ACTIVE: {PartnershipStatus.DORMANT, PartnershipStatus.ENDED},
    PartnershipStatus.DORMANT: {PartnershipStatus.ACTIVE, PartnershipStatus.ENDED},
    PartnershipStatus.ENDED: {PartnershipStatus.PROSPECT, PartnershipStatus.ACTIVE},
}


def partnership_transition_error(*, current: str, target: str) -> str | None:
    """Why the lifecycle forbids going from `current` to `target` (None when it is allowed)."""
    current, target = PartnershipStatus(current), PartnershipStatus(target)
    if target == current or target in ALLOWED_TRANSITIONS[current]:
        return None
    return (
        f"Un partenariat « {current.label} » ne peut pas passer directement à « {target.label} »."
    )


@transaction.atomic
def partnership_create(*, partnership: Partnership, by=None) -> Partnership:
    """Save a new partnership (built by a form) and log its first status."""
    partnership.full_clean()
    partnership.save()
    if partnership.teacher_id:
        PartnershipTeacherPeriod.objects.create(
            partnership=partnership,
            teacher_id=partnership.teacher_id,
            since=timezone.localdate(),
            set_by=by,
        )
    PartnershipStatusChange.objects.create(
        partnership=partnership,
        from_status="",
        to_status=partnership.status,
        changed_by=by,
        comment="création",
    )
    return partnership


@transaction.atomic
def partnership_get_or_create(
    *,
    school,
    company,
    by=None,
    status: str = PartnershipStatus.PROSPECT,
    comment: str = "création",
) -> tuple[Partnership, bool]:
    """The partnership of `company` with `school`, created (and its first status logged) if new."""
    partnership, created = Partnership.objects.get_or_create(
        school=school, company=company, defaults={"status": status}
    )
    if created:
        PartnershipStatusChange.objects.create(
            partnership=partnership,
            from_status="",
            to_status=status,
            changed_by=by,
            comment=comment,
        )
    return partnership, created


@transaction.atomic
def partnership_set_teacher(
    *, partnership: Partnership, teacher, by=None, on: datetime.date | None = None
) -> Partnership:
    """Have `teacher` (or nobody) follow the partnership from `on` (today), keeping who did when.

    The previous teacher's period ends the day before; each teacher's Pacte counts the
    partnership over their own months.
    """
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    on = on or timezone.localdate()
    teacher_id = teacher.pk if teacher else None
    current = partnership.teacher_periods.filter(until__isnull=True).first()
    if partnership.teacher_id == teacher_id and (current is not None) == (teacher_id is not None):
        return partnership
    if current is not None:
        if current.since >= on:
            current.delete()  # handed over the day it was given: that period never ran
        else:
            current.until = on - datetime.timedelta(days=1)
            current.save(update_fields=["until"])
    if teacher_id:
        PartnershipTeacherPeriod.objects.create(
            partnership=partnership, teacher_id=teacher_id, since=on, set_by=by
        )
    if partnership.teacher_id != teacher_id:
        partnership.teacher_id = teacher_id
        partnership.save(update_fields=["teacher", "updated_at"])
    return partnership


@transaction.atomic
def partnership_set_status(
    *, partnership: Partnership, status: str, by=None, comment: str = ""
) -> Partnership:
    """Move a partnership to `status` if the lifecycle allows it, and log the change."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    current = PartnershipStatus(partnership.status)
    target = PartnershipStatus(status)
    if target == current:
        return partnership
    if error := partnership_transition_error(current=current, target=target):
        raise PartnershipError(error)
    partnership.status = target
    partnership.save(update_fields=["status", "updated_at"])
    PartnershipStatusChange.objects.create(
        partnership=partnership,
        from_status=current,
        to_status=target,
        changed_by=by,
        comment=comment,
    )
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, status: str, teacher, by=None, comment: str = ""
) -> Partnership:
    """A partnership edited by its staff (an unsaved instance holding the form's values): its
    other fields saved, its teacher and status changed through their services (which log them),
    all in one transaction. A refused change of status (PartnershipError) saves nothing."""
    partnership.status, partnership.teacher_id = (
        Partnership.objects.select_for_update()
        .values_list("status", "teacher_id")
        .get(pk=partnership.pk)
    )
    partnership.save()
    partnership = partnership_set_teacher(partnership=partnership, teacher=teacher, by=by)
    return partnership_set_status(partnership=partnership, status=status, by=by, comment=comment)


@transaction.atomic
def interaction_log(
    *,
    partnership: Partnership,
    kind: str,
    occurred_on: datetime.date,
    author=None,
    note: str = "",
    pfmp_followup: bool = False,
) -> Interaction:
    """Add an entry to the journal and keep the partnership's last interaction date."""
    interaction = Interaction.objects.create(
        partnership=partnership,
        kind=kind,
        occurred_on=occurred_on,
        author=author,
        note=note,
        pfmp_followup=pfmp_followup,
    )
    partnership_refresh_last_interaction(partnership=partnership)
    return interaction


@transaction.atomic
def interaction_update(*, interaction: Interaction) -> Interaction:
    """Save a changed journal entry and keep the partnership's last interaction date."""
    interaction.save()
    partnership_refresh_last_interaction(partnership=interaction.partnership)
    return interaction


@transaction.atomic
def interaction_delete(*, interaction: Interaction) -> None:
    """Remove a journal entry and keep the partnership's last interaction date."""
    partnership = interaction.partnership
    interaction.delete()
    partnership_refresh_last_interaction(partnership=partnership)


def partnership_refresh_last_interaction(*, partnership: Partnership) -> None:
    last = partnership.interactions.aggregate(last=Max("occurred_on"))["last"]
    Partnership.objects.filter(pk=partnership.pk).update(last_interaction_on=last)
    figures_changed()  # update() sends no signal: the academy's silent partnerships may move
    partnership.last_interaction_on = last
