"""Wagtail admin views that keep a staff user to their own schools' rows.

Every staff screen of the portal is a `ScopedModelViewSet` (or uses its views): lists,
exports, inspect, edit, delete, history and usage pages read from `Model.objects.for_user()`,
and an id of another school's row answers 404. Model choice fields of the forms are limited
the same way.
"""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.forms import modelform_factory
from django.http import Http404
from django.utils.text import capfirst
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import ReferenceIndex

from common.admin_cells import QuickCellsMixin
from common.spreadsheets import SafeSpreadsheetMixin

from .. import dashboard_cache
from ..labels import FrenchLabelsMixin, Noun, YesNoColumn, noun_of
from ..models import Membership
from ..querysets import is_academy_admin, school_ids_subquery
from .service_writes import (
    ServiceDeleteMixin,
    ServiceSaveMixin,
    ServiceWritesMixin,
    WithoutActions,
    _with,
    add_service_error,
    named_as,
    refuse_generic_actions,
)


class PortalAdminTemplateMixin(WagtailAdminTemplateMixin):
    """A staff page of the portal's own: its header reads « Accueil › <its title> » (Wagtail's
    default trail is « Accueil » alone, and the page's title is then shown nowhere)."""

    def get_breadcrumbs_items(self):
        items = list(super().get_breadcrumbs_items())
        if len(items) <= 1:
            items.append({"url": "", "label": self.get_header_title()})
        return items


def scoped_queryset(model, user):
    return model._default_manager.for_user(user)


class ShortListPaginator(WagtailPaginator):
    """Page 1 is read before the count, with one row more than it holds: a list that fits on it
    (a school's list filtered down to a few rows) is counted from its rows, one query instead
    of a `COUNT(*)` and the page that walk the same rows twice. A longer list is counted as
    usual, its first page taken from the rows read."""

    def page(self, number):
        if "count" in self.__dict__ or str(number).strip() != "1":
            return super().page(number)
        room = self.per_page + self.orphans  # rows page 1 shows when they are all there is
        rows = list(self.object_list[: room + 1])
        if len(rows) <= room:
            self.__dict__["count"] = len(rows)
            return self._get_page(rows, 1, self)
        return self._get_page(rows[: self.per_page], 1, self)


class ScopedIndexMixin(QuickCellsMixin, SafeSpreadsheetMixin):
    """A list from `for_user`, its CSV/XLSX exports neutralised (no formula, no control char),
    its cells drawn without a template each (common.admin_cells)."""

    list_select_related: list[str] | None = None
    list_prefetch_related: list[str] | None = None
    export_only: list[str] | None = None

    def get_base_queryset(self):
        queryset = scoped_queryset(self.model, self.request.user)
        related = getattr(self, "list_select_related", None)
        if related:
            queryset = queryset.select_related(*related)
        if self.list_prefetch_related:
            queryset = queryset.prefetch_related(*self.list_prefetch_related)
        if self.is_export and self.export_only:
            queryset = queryset.only(*self.export_only)
        return queryset

    def get_paginator(self, queryset, per_page, **kwargs):
        """Over every school (the academy administrator), the count of a model that bumps the
        dashboard's version is cached (etablissements.dashboard_cache); a school's list reads
        its first page before counting (ShortListPaginator)."""
        if self.model in dashboard_cache.VERSIONED and is_academy_admin(self.request.user):
            key = dashboard_cache.list_key(self.request.path, self.request.GET)
            return dashboard_cache.AcademyCountPaginator(queryset, per_page, list_key=key, **kwargs)
        return ShortListPaginator(queryset, per_page, **kwargs)


class ScopedObjectMixin:
    def get_object(self, *args, **kwargs):
        obj = super().get_object(*args, **kwargs)
        if obj is not None and not (
            scoped_queryset(self.model, self.request.user).filter(pk=obj.pk).exists()
        ):
            raise Http404("Aucun élément de votre établissement ne correspond.")
        return obj


class ScopedUsageMixin:
    """The usage page of a row shared between schools (a company, a contact) lists only the
    referencing rows the user may see: another school's contacts, partnerships or invitations
    are not even counted. Rows of a model with no `for_user` are shown to academy admins only."""

    def get_queryset(self):
        references = ReferenceIndex.get_references_to(self.object)
        user = self.request.user
        if not is_academy_admin(user):
            allowed = Q(pk__in=[])
            for ct_id in references.values_list("base_content_type", flat=True).distinct():
                model = ContentType.objects.get_for_id(ct_id).model_class()
                manager = getattr(model, "_default_manager", None)
                if manager is None or not hasattr(manager, "for_user"):
                    continue
                visible = manager.for_user(user).annotate(pk_text=Cast("pk", CharField()))
                visible = visible.values("pk_text")
                allowed |= Q(base_content_type_id=ct_id, object_id__in=visible)
            references = references.filter(allowed)
        return references.group_by_source_object()


class ScopedHistoryMixin:
    """The history of a shared row keeps to what the user's own schools did (and the system):
    the names and actions of another school's staff stay in that school."""

    def get_base_queryset(self):
        queryset = super().get_base_queryset()
        user = self.request.user
        if is_academy_admin(user):
            return queryset

        colleagues = Membership.objects.filter(
            user_id=OuterRef("user_id"), school_id__in=school_ids_subquery(user)
        )
        return queryset.filter(Q(user__isnull=True) | Q(user=user) | Exists(colleagues))


class ScopedChoicesMixin:
    """Limits every choice of a row that belongs to a school to the user's schools."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is None:
            return
        for field in self.fields.values():
            queryset = getattr(field, "queryset", None)
            if queryset is not None and hasattr(queryset, "for_user"):
                field.queryset = queryset.for_user(for_user)


class ScopedAdminForm(ScopedChoicesMixin, WagtailAdminModelForm):
    """The base form of every staff screen (see ScopedModelViewSet.get_form_class)."""


class _ByFullName:
    """A staff user shown by their full name (their login when they have none)."""

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.get_username()


class PersonChoiceField(_ByFullName, forms.ModelChoiceField):
    pass


class PersonMultipleChoiceField(_ByFullName, forms.ModelMultipleChoiceField):
    pass


def _scoped(view_class, mixin, noun=None):
    bases = (FrenchLabelsMixin, mixin, view_class) if mixin else (FrenchLabelsMixin, view_class)
    attrs = {"noun": noun}
    if not view_class.__module__.startswith("wagtail."):
        # A project's own view keeps the labels it writes itself (a success message, say).
        attrs |= {
            name: value
            for name, value in vars(view_class).items()
            if name in vars(FrenchLabelsMixin) and not name.startswith("__")
        }
        if "success_message" in vars(view_class):
            attrs["get_success_message"] = view_class.get_success_message
    return type(view_class.__name__, bases, attrs | named_as(view_class))


class FrenchModelViewSet(ServiceWritesMixin, ModelViewSet):
    """A viewset of reference rows the academy keeps (no school's rows): French labels only."""

    noun: Noun | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        noun = self.noun or noun_of(self.model)
        self._wire_service_writes()
        for name in ("index", "add", "edit", "delete", "inspect", "history", "usage", "copy"):
            attr = f"{name}_view_class"
            mixin = QuickCellsMixin if name == "index" else None
            setattr(self, attr, _scoped(getattr(self, attr), mixin, noun))
        self.list_display = [
            ScopedModelViewSet._french_column(self, item) for item in self.list_display
        ]


class ScopedModelViewSet(ServiceWritesMixin, ModelViewSet):
    """A ModelViewSet whose every view starts from `model.objects.for_user(request.user)`."""

    list_select_related: list[str] = []
    # Relations read for the page's rows only, by one more query: a join the planner would
    # make over every row of the list before sorting it (users: a hash of the whole table).
    list_prefetch_related: list[str] = []
    # How the screens name a row, with its gender ("Ajouter une entreprise", "… créée").
    noun: Noun | None = None
    # What the list is for, said under "Aucune … pour le moment." when it is empty.
    empty_help: str = ""
    # The columns an export reads, when it reads fewer than the list's rows hold (the
    # `list_select_related` rows come whole otherwise: passwords, timestamps…).
    export_only: list[str] = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        noun = self.noun or noun_of(self.model)
        self._wire_service_writes()
        self.index_view_class = _scoped(self.index_view_class, ScopedIndexMixin, noun)
        self.add_view_class = _scoped(self.add_view_class, None, noun)
        for name in ("edit", "delete", "inspect", "history", "usage", "copy"):
            attr = f"{name}_view_class"
            setattr(self, attr, _scoped(getattr(self, attr), ScopedObjectMixin, noun))
        self.usage_view_class = _with(self.usage_view_class, ScopedUsageMixin)
        self.history_view_class = _with(self.history_view_class, ScopedHistoryMixin)
        self.list_display = [self._french_column(item) for item in self.list_display]

    def _french_column(self, item):
        """A boolean field listed by name reads "oui"/"non" (Wagtail would print True/False)."""
        if not isinstance(item, str):
            return item
        try:
            field = self.model._meta.get_field(item)
        except FieldDoesNotExist:
            return item
        if isinstance(field, models.BooleanField):
            return YesNoColumn(item, label=capfirst(field.verbose_name), sort_key=item)
        return item

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(
            list_select_related=self.list_select_related,
            list_prefetch_related=self.list_prefetch_related,
            empty_help=self.empty_help,
            export_only=self.export_only,
            **kwargs,
        )

    def get_form_class(self, for_update=False):
        """The viewset's form, always limiting its choices to the user's schools.

        Wagtail builds the form from `edit_handler`/`panels` (their `base_form_class`) or from
        `form_fields`; either way the scoping is added here, so no screen can forget it.
        """
        if self._edit_handler:
            form_class = self._edit_handler.get_form_class()
            if issubclass(form_class, ScopedChoicesMixin):
                return form_class
            return type(form_class.__name__, (ScopedChoicesMixin, form_class), named_as(form_class))
        return modelform_factory(
            self.model,
            form=ScopedAdminForm,
            formfield_callback=self.formfield_for_dbfield,
            fields=self.get_form_fields(),
            exclude=self.get_exclude_form_fields(),
        )


__all__ = [
    "FrenchModelViewSet",
    "PersonChoiceField",
    "PersonMultipleChoiceField",
    "PortalAdminTemplateMixin",
    "ScopedAdminForm",
    "ScopedChoicesMixin",
    "ScopedModelViewSet",
    "ServiceDeleteMixin",
    "ServiceSaveMixin",
    "ServiceWritesMixin",
    "WithoutActions",
    "add_service_error",
    "refuse_generic_actions",
    "scoped_queryset",
]
