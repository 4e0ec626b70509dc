"""French labels of the staff screens, with gender and number (no "un(e)", no "créé(e)").

Each viewset names its rows with a `Noun`; the generic Wagtail views of a ScopedModelViewSet
take their button labels, titles and messages from it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone
from django.utils.text import capfirst
from wagtail.admin.active_filters import BaseFilterAdapter
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic

VOWELS = "aàâeéèêiîoôuûhy"


@dataclass(frozen=True)
class Noun:
    one: str
    many: str
    feminine: bool = False
    # "h aspiré" and the like: no elision ("la hiérarchie" is elided, "le haut" is not).
    elide: bool | None = None

    def _elides(self) -> bool:
        return self.one[0].lower() in VOWELS if self.elide is None else self.elide

    @property
    def a(self) -> str:
        return f"{'une' if self.feminine else 'un'} {self.one}"

    @property
    def the(self) -> str:
        if self._elides():
            return f"l’{self.one}"
        return f"{'la' if self.feminine else 'le'} {self.one}"

    @property
    def of(self) -> str:
        """« de l’entreprise », « de la formation des tuteurs », « du partenariat »."""
        if self._elides():
            return f"de l’{self.one}"
        return f"de la {self.one}" if self.feminine else f"du {self.one}"

    @property
    def this(self) -> str:
        if self.feminine:
            return f"cette {self.one}"
        return f"{'cet' if self._elides() else 'ce'} {self.one}"

    @property
    def new(self) -> str:
        if self.feminine:
            return f"nouvelle {self.one}"
        return f"{'nouvel' if self._elides() else 'nouveau'} {self.one}"

    def agree(self, participle: str) -> str:
        """`créé` → `créée` for a feminine noun."""
        return participle + ("e" if self.feminine else "")

    def count(self, n: int) -> str:
        return f"{n} {self.one if n <= 1 else self.many}"


# The staff screens' rows, by model ("app_label.model_name"); a viewset may set its own `noun`.
NOUNS = {
    "entreprises.company": Noun("entreprise", "entreprises", feminine=True),
    "entreprises.contact": Noun("contact", "contacts"),
    "etablissements.school": Noun("établissement", "établissements"),
    "etablissements.membership": Noun("rattachement", "rattachements"),
    "formations.tutortraining": Noun(
        "formation des tuteurs", "formations des tuteurs", feminine=True
    ),
    "formations.registration": Noun("inscription", "inscriptions", feminine=True),
    "formations.mentoringpair": Noun("binôme de mentorat", "binômes de mentorat"),
    "formations.monthlycheckin": Noun("point mensuel", "points mensuels"),
    "formations.event": Noun("événement partenaire", "événements partenaires"),
    "formations.invitation": Noun("invitation", "invitations", feminine=True),
    "offres.submissionschool": Noun("proposition reçue", "propositions reçues", feminine=True),
    "offres.schooldiploma": Noun("diplôme préparé", "diplômes préparés"),
    "partenariats.partnership": Noun("partenariat", "partenariats"),
    "partenariats.interaction": Noun("interaction", "interactions", feminine=True),
    "partenariats.roadmapaction": Noun(
        "action de la feuille de route", "actions de la feuille de route", feminine=True
    ),
    "pacte.schoolyear": Noun("année scolaire", "années scolaires", feminine=True),
    "pacte.mission": Noun("mission", "missions", feminine=True),
    "rappels.reminder": Noun("rappel", "rappels"),
    "pacte.partfraction": Noun("fraction de part", "fractions de part", feminine=True),
    "etablissements.invitation": Noun("invitation", "invitations", feminine=True),
    "api.apitoken": Noun("jeton d’accès", "jetons d’accès"),
    "courriels.email": Noun("courriel", "courriels"),
}


def noun_of(model) -> Noun | None:
    return NOUNS.get(model._meta.label_lower)


def person_name(user) -> str:
    """A staff user as people call them: their full name, their login only when they have none."""
    return (user.get_full_name() or user.get_username()) if user else ""


def yes_no(value) -> str:
    if value is None:
        return ""
    return "oui" if value else "non"


def french_datetime(value: datetime.datetime) -> str:
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return value.strftime("%d/%m/%Y %H:%M")


def _local_naive(value: datetime.datetime) -> datetime.datetime:
    return timezone.make_naive(value) if timezone.is_aware(value) else value


def _list_text(value) -> str:
    return ", ".join(str(item) for item in value)


# Exported cells as a person reads them: oui/non, French dates, local times, nothing for None.
EXPORT_VALUES = {
    bool: {"csv": yes_no, "xlsx": yes_no},
    type(None): {"csv": lambda value: "", "xlsx": lambda value: ""},
    datetime.datetime: {"csv": french_datetime, "xlsx": _local_naive},
    datetime.date: {"csv": lambda value: value.strftime("%d/%m/%Y"), "xlsx": None},
    datetime.time: {"csv": lambda value: value.strftime("%H:%M"), "xlsx": None},
    list: {"csv": _list_text, "xlsx": _list_text},
}


class YesNoFilterAdapter(BaseFilterAdapter):
    """An active yes/no filter reads "oui"/"non" above the list (Wagtail writes "True")."""

    def get_active_filters(self):
        for active in super().get_active_filters():
            yield active._replace(value="oui" if self.value else "non")


class YesNoColumn(Column):
    """A boolean as words ("oui"/"non"), never True/False."""

    def get_value(self, instance):
        return yes_no(super().get_value(instance))


class FrenchLabelsMixin:
    """Labels of Wagtail's generic model views, from the viewset's `noun`."""

    noun: Noun | None = None
    custom_value_preprocess = EXPORT_VALUES

    @cached_property
    def add_item_label(self):
        if self.noun is None:
            return super().add_item_label
        return capfirst(f"ajouter {self.noun.a}")

    @cached_property
    def no_results_message(self):
        if self.noun is None:
            return super().no_results_message
        if getattr(self, "is_searching", False) or getattr(self, "is_filtering", False):
            return f"Aucun résultat parmi les {self.noun.many} pour cette recherche."
        return self.empty_list_message

    # What the list is for, said when it is empty (a viewset's `empty_help`).
    empty_help: str = ""

    @cached_property
    def empty_list_message(self) -> str:
        """An empty list that the user may add to: "Aucune invitation pour le moment." (Wagtail
        writes "Il n'y a pas de invitations à afficher", with no elision)."""
        if self.noun is None:
            return ""
        none = "Aucune" if self.noun.feminine else "Aucun"
        return " ".join(
            part for part in (f"{none} {self.noun.one} pour le moment.", self.empty_help) if part
        )

    def get_page_title(self):
        if self.noun is not None and isinstance(self, generic.CreateView):
            return capfirst(self.noun.new)
        if self.noun is not None and isinstance(self, generic.InspectView):
            # A row's record, as its users call it ("Fiche de l’entreprise"), not "Inspecter".
            return capfirst(f"fiche {self.noun.of}")
        return super().get_page_title()

    def get_list_more_buttons(self, instance):
        """The row menu's way to the record reads "Voir la fiche" (Wagtail's "Inspecter")."""
        buttons = super().get_list_more_buttons(instance)
        for button in buttons:
            if getattr(button, "url", None) and button.url == self.get_inspect_url(instance):
                button.label = "Voir la fiche"
        return buttons

    def get_page_subtitle(self):
        if self.noun is not None and isinstance(self, generic.CreateView):
            return ""
        return super().get_page_subtitle()

    def _get_custom_column(self, field_name, *args, **kwargs):
        # "company__name" is headed "Entreprise", not Wagtail's "Entreprise raison sociale".
        column = super()._get_custom_column(field_name, *args, **kwargs)
        relation, _, field = field_name.partition("__")
        if field in ("name", "title") and "label" not in kwargs:
            column.label = capfirst(self.model._meta.get_field(relation).verbose_name)
        return column

    def get_header_title(self):
        # Wagtail joins them with an English colon ("Inspecter: Garage"); French spaces it.
        title, subtitle = self.get_page_title(), self.get_page_subtitle()
        return f"{title} : {subtitle}" if subtitle else title

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        if self.noun is not None and isinstance(self, generic.CreateView) and items:
            items[-1] = {**items[-1], "label": capfirst(self.noun.new)}
        return items

    def get_success_message(self, *args):
        if self.noun is None or getattr(self, "success_message", None) is None:
            return super().get_success_message(*args)
        obj = args[0] if args else getattr(self, "object", "")
        done = self._done_participle()
        if done is None:
            return super().get_success_message(*args)
        return f"{capfirst(self.noun.one)} « {obj} » {self.noun.agree(done)}."

    def _done_participle(self) -> str | None:
        if isinstance(self, generic.CreateView):
            return "créé"
        if isinstance(self, generic.EditView):
            return "enregistré"
        if isinstance(self, generic.DeleteView):
            return "supprimé"
        return None

    def get_error_message(self):
        if self.noun is None or getattr(self, "error_message", None) is None:
            return super().get_error_message()
        if getattr(self, "expects_json_response", False):
            return super().get_error_message()
        action = "créé" if isinstance(self, generic.CreateView) else "enregistré"
        return (
            f"{capfirst(self.noun.the)} n’a pas pu être {self.noun.agree(action)} : "
            "corrigez les champs signalés ci-dessous."
        )

    # Inspect views: a boolean reads oui/non, a date reads French, an empty field is left out.
    def get_field_display_value(self, field_name, field):
        if not isinstance(self, generic.InspectView):
            return super().get_field_display_value(field_name, field)
        if field is not None and not getattr(field, "choices", None):
            raw = getattr(self.object, field_name, None)
            if isinstance(raw, bool):
                return yes_no(raw)
            if isinstance(raw, datetime.datetime):
                return french_datetime(raw)
            if isinstance(raw, datetime.date):
                return raw.strftime("%d/%m/%Y")
            if raw is None or raw == "":
                return None
        return super().get_field_display_value(field_name, field)

    def get_fields_context(self):
        fields = super().get_fields_context()
        if not isinstance(self, generic.InspectView):
            return fields
        return [item for item in fields if item["value"] not in (None, "", "None", "-")]

    def to_row_dict(self, item):
        """Exports: a field with choices reads its label, never its stored code."""
        row = super().to_row_dict(item)
        for name in list(row):
            if "." in name or not isinstance(name, str):
                continue
            display = getattr(item, f"get_{name}_display", None)
            if callable(display):
                row[name] = display()
        return row

    @property
    def confirmation_message(self):
        if self.noun is None:
            return super().confirmation_message
        return f"Voulez-vous vraiment supprimer {self.noun.this} ?"


def french_header_title(view) -> str:
    """A staff screen's title and subtitle, with the space French puts before a colon."""
    title, subtitle = view.get_page_title(), view.get_page_subtitle()
    return f"{title} : {subtitle}" if subtitle else title
