from django.db import connections, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL

from etablissements.querysets import is_academy_admin, school_ids_subquery

from .school_links import linked_company_ids, linked_to_schools

# At most this many partners are read as ids before a list (a lycée has some hundreds); past
# that many, the walk in name order finds a page's partners within a few hundred companies.
FEW_PARTNERS = 2000


class CompanyQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """Companies in partnership with one of the user's schools (all for an academy admin)."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_academy_admin(user) and not roles:
            return self
        # The partnerships say which schools a company works with (school_links.py).
        linked = linked_to_schools(school_ids_subquery(user, roles))
        return self.none() if linked is None else self.filter(linked)

    def partners_of(self, school_ids):
        """Companies with a running link (a partnership not ended) with one of `school_ids` (a
        list). The partners of a few schools are read as ids first (one lycée has some hundreds):
        given as values, PostgreSQL fetches those companies and sorts them, where a sub-select
        made it walk the whole directory in name order probing each company's partnerships (one
        lycée's page: 50 ms in parallel workers at national size, 1 ms now). Past
        `FEW_PARTNERS` the partners are dense and that walk soon fills a page."""
        ids = linked_company_ids(school_ids, current=True, limit=FEW_PARTNERS + 1)
        if ids is None:
            return self.none()
        if len(ids) <= FEW_PARTNERS:
            return self.filter(self._pk_among(ids))
        return self.filter(linked_to_schools(school_ids, current=True))

    def _pk_among(self, ids: list[int]):
        """`pk IN ids`; on PostgreSQL one array parameter (`= ANY`): 1,500 ids written as 1,500
        parameters cost 13 ms of the web process's CPU a query, as an array under 1 ms."""
        if connections[self.db].vendor != "postgresql":
            return Q(pk__in=ids)
        column = f"{connections[self.db].ops.quote_name(self.model._meta.db_table)}.id"
        return RawSQL(f"{column} = ANY(%s)", (ids,), output_field=models.BooleanField())

    def publicly_listed(self):
        return self.filter(public_listing=True, merged_into__isnull=True)

    def active(self):
        """Records still in use (not merged into another)."""
        return self.filter(merged_into__isnull=True)

    def sites_of(self, siren: str):
        """The establishments (SIRETs) of one legal unit, head office first by SIRET order."""
        return self.active().filter(siren=siren).order_by("siret")

    def with_namesake_in(self, scope):
        """Records in use that have another record of `scope` with the same name (case, accents
        and punctuation aside) at the same postcode: probable duplicates, to merge."""
        namesakes = (
            scope.active()
            .filter(postcode=OuterRef("postcode"), name_key=OuterRef("name_key"))
            .exclude(pk=OuterRef("pk"))
        )
        return self.active().filter(Exists(namesakes))

    def named_like(self, name: str, postcode: str):
        """Records with the same name (case, accents and punctuation aside) at the same postcode."""
        # entreprises.models imports this module: a real cycle.
        from .models import name_key

        return self.active().filter(postcode=(postcode or "").strip(), name_key=name_key(name))


class ContactQuerySet(models.QuerySet):
    def for_user(self, user, roles=None):
        """Contacts who work with one of the user's schools: personal data stays in its school."""
        if not user or not user.is_authenticated or not user.is_active:
            return self.none()
        if is_academy_admin(user) and not roles:
            return self
        # entreprises.models imports this module: a real cycle.
        from .models import Contact

        through = Contact.schools.through
        return self.filter(
            Exists(
                through.objects.filter(
                    contact_id=OuterRef("pk"), school_id__in=school_ids_subquery(user, roles)
                )
            )
        )

    def not_anonymised(self):
        return self.filter(anonymised_at__isnull=True)

    def confirmed(self):
        """People vouched for by a confirmed colleague or a school's staff."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)

    def inactive_since(self, moment):
        """Contacts not anonymised whose last activity (or creation, if none) is before `moment`."""
        return self.not_anonymised().filter(
            models.Q(last_activity_at__lt=moment)
            | models.Q(last_activity_at__isnull=True, created_at__lt=moment)
        )
