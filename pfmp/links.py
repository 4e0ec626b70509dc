"""The signed link a tutor receives at the end of a period to appraise the pupil they hosted
(common.links signs it; its own salt, so no other link of the portal opens it)."""

import datetime

from django.urls import reverse

from common.links import absolute_url, sign, unsign

APPRAISAL_SALT = "pfmp.appreciation-tuteur"
APPRAISAL_LINK_DAYS = 30


def appraisal_url(appraisal) -> str:
    token = sign(str(appraisal.token), salt=APPRAISAL_SALT)
    return absolute_url(reverse("pfmp:appraisal", kwargs={"token": token}))


def appraisal_token_value(token: str, *, max_age_days: int | None = APPRAISAL_LINK_DAYS) -> str:
    """The appraisal's token a link holds; raises LinkExpired (intact, older than 30 days) or
    LinkError (altered). `max_age_days=None` reads an expired link (to name its school)."""
    max_age = max_age_days * 24 * 3600 if max_age_days is not None else None
    return unsign(token, salt=APPRAISAL_SALT, max_age=max_age)


def appraisal_link_expires_on(requested_at: datetime.datetime) -> datetime.date:
    return (requested_at + datetime.timedelta(days=APPRAISAL_LINK_DAYS)).date()
