"""The RBDE's to-do line of the companies: probable duplicates to review for a merge.

The import's preview lives in the RBDE's session until they confirm it (nothing is stored
before), so what waits to be reviewed in the database is the duplicates: records of the school
with the same name at the same postcode (entreprises.querysets.with_namesake_in).
"""

from django.urls import reverse
from django.utils.http import urlencode

from etablissements.dashboard import TodoLine, scoped
from etablissements.dashboard_cache import academy_figures
from etablissements.querysets import is_academy_admin
from etablissements.roles import Role

from .models import Company

NS = "entreprises_admin"


def todo_lines(user, roles, today):
    if Role.RBDE not in roles:
        return []
    companies = scoped(Company.objects, user, Role.RBDE)

    def figures():
        return {"count": companies.with_namesake_in(companies).count()}

    # Over the whole country for the academy administrator: cached (etablissements.dashboard_cache).
    academy = is_academy_admin(user)
    count = (academy_figures("doublons", today, figures) if academy else figures())["count"]
    url = reverse(f"{NS}:index") + "?" + urlencode({"doublon_probable": "true"})
    return [
        TodoLine(
            role=Role.RBDE,
            key="doublons_a_examiner",
            count=count,
            label_one="fiche d’entreprise en double probable, à examiner pour une fusion",
            label="fiches d’entreprises en double probable, à examiner pour une fusion",
            url=url,
            detail="même nom au même code postal" if count else "aucun doublon probable",
            order=60,
        )
    ]
