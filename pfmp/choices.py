"""The vocabularies of PFMP placements: years in the cycle, kinds of period, statuses."""

from django.db import models


class CycleYear(models.TextChoices):
    SECONDE_BP = "2nde_bp", "2nde bac pro"
    PREMIERE_BP = "1re_bp", "1re bac pro"
    TERMINALE_BP = "tle_bp", "terminale bac pro"
    CAP1 = "cap1", "1re année de CAP"
    CAP2 = "cap2", "2e année de CAP"
    BTS1 = "bts1", "1re année de BTS"
    BTS2 = "bts2", "2e année de BTS"
    OTHER = "autre", "autre (certificat de spécialisation, mention complémentaire…)"


class PeriodKind(models.TextChoices):
    PFMP = "pfmp", "PFMP"
    # Terminale's end-of-year weeks: a stage (insertion) or the preparation of further studies.
    PARCOURS = "parcours", "parcours différencié / personnalisé de fin de terminale"


class PlacementStatus(models.TextChoices):
    TO_FIND = "a_trouver", "à trouver"
    LEAD = "piste", "piste"
    AGREED = "accord", "accord"
    SIGNED = "convention", "convention signée"
    ONGOING = "en_cours", "en cours"
    DONE = "terminee", "terminée"
    ABANDONED = "abandon", "abandon"


# Which status may follow which (an abandoned placement starts again from « à trouver »).
TRANSITIONS = {
    PlacementStatus.TO_FIND: {PlacementStatus.LEAD, PlacementStatus.AGREED},
    PlacementStatus.LEAD: {
        PlacementStatus.TO_FIND,
        PlacementStatus.AGREED,
        PlacementStatus.ABANDONED,
    },
    PlacementStatus.AGREED: {
        PlacementStatus.TO_FIND,
        PlacementStatus.SIGNED,
        PlacementStatus.ABANDONED,
    },
    PlacementStatus.SIGNED: {PlacementStatus.ONGOING, PlacementStatus.ABANDONED},
    PlacementStatus.ONGOING: {PlacementStatus.DONE, PlacementStatus.ABANDONED},
    PlacementStatus.DONE: set(),
    PlacementStatus.ABANDONED: {PlacementStatus.TO_FIND},
}

# A placement in one of these holds a place of the company's offer.
HOLDS_A_PLACE = (
    PlacementStatus.LEAD,
    PlacementStatus.AGREED,
    PlacementStatus.SIGNED,
    PlacementStatus.ONGOING,
    PlacementStatus.DONE,
)
# A pupil in one of these has a place for the period.
PLACED = (
    PlacementStatus.AGREED,
    PlacementStatus.SIGNED,
    PlacementStatus.ONGOING,
    PlacementStatus.DONE,
)


# The tutor's end-of-period appraisal (a signed link, no account).
class Attendance(models.TextChoices):
    REGULAR = "reguliere", "régulière"
    SOME = "quelques", "quelques absences ou retards"
    MANY = "nombreuses", "absences ou retards nombreux"


class Progress(models.TextChoices):
    VERY_WELL = "tres_bien", "très bien"
    WELL = "bien", "bien"
    DIFFICULT = "difficile", "avec des difficultés"
    BADLY = "mal", "mal"


class HostAgain(models.TextChoices):
    YES = "oui", "oui"
    MAYBE = "peut_etre", "peut-être"
    NO = "non", "non"
