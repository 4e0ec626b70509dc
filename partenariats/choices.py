"""A partnership's statuses, apart from the models so that querysets use them."""

from django.db import models


class PartnershipStatus(models.TextChoices):
    PROSPECT = "prospect", "prospect"
    ACTIVE = "actif", "actif"
    DORMANT = "en_sommeil", "en sommeil"
    ENDED = "termine", "terminé"


# The more advanced of two statuses wins when two partnerships with one school are merged.
STATUS_RANK = {
    PartnershipStatus.ACTIVE: 4,
    PartnershipStatus.DORMANT: 3,
    PartnershipStatus.ENDED: 2,
    PartnershipStatus.PROSPECT: 1,
}
