"""Public forms: who the company is, who writes, to which schools, and the kind's details."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q

from common.identifiers import parse_id
from entreprises.models import name_key
from entreprises.validators import departement_from_postcode, normalize_siret, validate_siret
from entreprises.widgets import SIRET_LOOKUP_MEDIA, siret_lookup_setup
from etablissements.models import School

from .kinds import KINDS, DetailsForm, DsfrForm
from .models import SchoolDiploma, TradeAreaNaf
from .routing import DEFAULT_DISTANCE, DISTANCES

HONEYPOT_FIELD = "site_internet_confirmation"
MAX_SCHOOLS = 10

CONSENT_LABEL = (
    "J’accepte que les lycées choisis gardent mon nom, mon courriel et mon téléphone pour "
    "me répondre au sujet de cette proposition."
)
CONSENT_HELP = (
    "Ils ne servent qu’à cela et ne sont montrés qu’aux lycées que vous choisissez. Vous "
    "pouvez les faire effacer à tout moment en écrivant au bureau des entreprises du lycée."
)


def is_valid_id(value) -> bool:
    """An id as a form sends it: digits (NFKC), within what the database holds (a bigger
    number would overflow the query, not just find nothing)."""
    return parse_id(value) is not None


class SchoolChoiceField(forms.ModelMultipleChoiceField):
    notes: dict[int, str] = {}  # per school: « à 12 km », set by the view from the routing

    def label_from_instance(self, obj):
        note = self.notes.get(obj.pk)
        return f"{obj.name} — {obj.town}" + (f" ({note})" if note else "")

    def _check_values(self, value):
        ids = []
        for pk in value:
            if (number := parse_id(pk)) is None:
                raise ValidationError(
                    "Ce lycée n’existe pas : choisissez-en un dans la liste.",
                    code="invalid_pk_value",
                )
            ids.append(str(number))
        return super()._check_values(ids)


class CompanyContactForm(DsfrForm):
    """The fields every kind shares."""

    siret = forms.CharField(
        label="SIRET de l’entreprise",
        max_length=20,
        help_text="14 chiffres, sur le Kbis ou une fiche de paie. Une entreprise n’est "
        "enregistrée qu’une fois, quel que soit le nombre de ses propositions.",
    )
    company_name = forms.CharField(label="Nom de l’entreprise", max_length=200)
    postcode = forms.CharField(label="Code postal de l’établissement", max_length=5)
    town = forms.CharField(label="Commune", max_length=120)
    first_name = forms.CharField(label="Votre prénom", max_length=100)
    last_name = forms.CharField(label="Votre nom", max_length=100)
    email = forms.EmailField(
        label="Votre courriel professionnel",
        max_length=200,
        help_text="Pour vous envoyer la confirmation et le lien vers votre espace entreprise.",
    )
    phone = forms.CharField(
        label="Votre téléphone",
        max_length=30,
        required=False,
        help_text="Facultatif : pour que le lycée puisse vous appeler.",
    )
    job_title = forms.CharField(label="Votre fonction", max_length=120, required=False)
    schools = SchoolChoiceField(
        label="Lycées à qui vous adressez votre proposition (facultatif)",
        queryset=School.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Sans choix de votre part, votre proposition part aux "
        f"{settings.ROUTING_MAX_SCHOOLS} lycées les plus proches qui préparent les métiers "
        "concernés.",
    )
    trade_area = forms.ChoiceField(
        label="Filière des métiers concernés",
        required=False,
        choices=[],
        help_text="Facultatif : sans choix, le portail part du code NAF de votre entreprise.",
    )
    distance = forms.ChoiceField(
        label="Distance entre votre entreprise et les lycées",
        choices=DISTANCES,
        initial=DEFAULT_DISTANCE,
        required=False,
    )
    consent = forms.BooleanField(
        label=CONSENT_LABEL,
        help_text=CONSENT_HELP,
        error_messages={
            "required": "Sans votre accord, le lycée ne pourra pas vous répondre : cochez la "
            "case pour envoyer votre proposition."
        },
    )
    # Left empty by people (the field is not displayed); robots fill every field they see.
    site_internet_confirmation = forms.CharField(
        label="Ne pas remplir ce champ", required=False, max_length=200
    )

    COMPANY_FIELDS = ["siret", "company_name", "postcode", "town"]
    PERSON_FIELDS = ["first_name", "last_name", "email", "phone", "job_title"]

    def __init__(self, *args, schools=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["schools"].queryset = (
            schools if schools is not None else School.objects.order_by("name")
        )
        self.fields["schools"].notes = {}
        self.fields["trade_area"].choices = [
            ("", "— d’après mon code NAF —"),
            *trade_area_choices(),
        ]
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})
        self.fields["email"].widget.attrs.update({"autocomplete": "email"})
        self.fields["first_name"].widget.attrs.update({"autocomplete": "given-name"})
        self.fields["last_name"].widget.attrs.update({"autocomplete": "family-name"})
        self.fields["company_name"].widget.attrs.update({"autocomplete": "organization"})
        self.fields["postcode"].widget.attrs.update({"autocomplete": "postal-code"})
        self.fields["phone"].widget.attrs.update({"autocomplete": "tel"})
        siret_lookup_setup(self, name="company_name", postcode="postcode", town="town")

    @property
    def media(self):
        return super().media + SIRET_LOOKUP_MEDIA

    def clean_siret(self):
        value = self.cleaned_data["siret"]
        validate_siret(value)
        return normalize_siret(value)

    def clean_postcode(self):
        value = self.cleaned_data["postcode"].strip()
        if not departement_from_postcode(value):
            raise ValidationError("Le code postal compte 5 chiffres, par exemple 31000.")
        return value

    def clean_distance(self):
        return self.cleaned_data.get("distance") or DEFAULT_DISTANCE

    def clean_schools(self):
        schools = self.cleaned_data["schools"]
        if len(schools) > MAX_SCHOOLS:
            raise ValidationError(f"Choisissez au plus {MAX_SCHOOLS} lycées à la fois.")
        return schools

    @property
    def is_spam(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))

    def fieldsets(self):
        """(legend, bound fields) in the order the page shows them: the required fields only,
        the optional ones are grouped by `optional_fields` (a collapsed section on a phone)."""
        details = [name for name in self.fields if name in self.details_field_names()]
        return [
            (legend, [self[n] for n in names if self.fields[n].required])
            for legend, names in (
                ("Votre entreprise", self.COMPANY_FIELDS),
                ("Vous", self.PERSON_FIELDS),
                ("Votre proposition", details),
            )
        ]

    # Short fields shown side by side, even on a phone: fewer screens to scroll.
    PAIRS = {"postcode": "town", "first_name": "last_name"}

    def fieldset_rows(self):
        """`fieldsets` with each legend's fields as rows of one field, or two for `PAIRS`."""
        out = []
        for legend, fields in self.fieldsets():
            names = {field.name: field for field in fields}
            rows, paired = [], set()
            for field in fields:
                if field.name in paired:
                    continue
                mate = names.get(self.PAIRS.get(field.name, ""))
                rows.append([field, mate] if mate else [field])
                if mate:
                    paired.add(mate.name)
            out.append((legend, rows))
        return out

    def optional_fields(self):
        """The optional fields of `fieldsets`' groups, in the same order."""
        names = [*self.COMPANY_FIELDS, *self.PERSON_FIELDS, *self.details_field_names()]
        return [self[n] for n in names if n in self.fields and not self.fields[n].required]

    def optional_open(self) -> bool:
        """The optional group is shown open when one of its fields has an error."""
        return any(field.errors for field in self.optional_fields())

    @classmethod
    def details_field_names(cls) -> list[str]:
        return []


def trade_area_choices() -> list[tuple[str, str]]:
    """The académie's filières, and those the schools' diplomas name that the table lacks."""
    seen, out = set(), []
    names = list(TradeAreaNaf.objects.values_list("name", flat=True))
    names += list(
        SchoolDiploma.objects.exclude(trade_area="")
        .order_by()
        .values_list("trade_area", flat=True)
        .distinct()
    )
    for name in names:
        key = name_key(name)
        if key and key not in seen:
            seen.add(key)
            out.append((name, name))
    return sorted(out, key=lambda choice: name_key(choice[0]))


def submission_form_class(kind: str) -> type[CompanyContactForm]:
    """The public form of a kind: the shared fields plus the kind's details and rules."""
    details_class = KINDS[kind].form_class

    class SubmissionForm(CompanyContactForm, details_class):
        @classmethod
        def details_field_names(cls):
            return list(details_class.base_fields)

        def details(self) -> dict:
            return DetailsForm.to_details(_DetailsView(self, details_class))

    SubmissionForm.__name__ = f"{details_class.__name__.removesuffix('DetailsForm')}Form"
    return SubmissionForm


class _DetailsView:
    """Lets `DetailsForm.to_details` read only the kind's fields of a combined form."""

    def __init__(self, form, details_class):
        self.declared_fields = details_class.base_fields
        self.cleaned_data = form.cleaned_data


class SchoolSearchForm(DsfrForm):
    """Find the schools by town, département or diploma prepared (GET, on the form page)."""

    ville = forms.CharField(label="Commune du lycée", required=False, max_length=120)
    departement = forms.CharField(
        label="Département", required=False, max_length=3, help_text="Par exemple 31 ou 2A."
    )
    diplome = forms.CharField(
        label="Diplôme préparé", required=False, max_length=120, help_text="Par exemple : CAP."
    )

    def filter(self, queryset):
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data["ville"]:
            queryset = queryset.filter(town__icontains=data["ville"].strip())
        if data["departement"]:
            dep = data["departement"].strip().upper()
            if dep in {"2A", "2B"}:
                queryset = queryset.filter(
                    postcode__regex=r"^20[01]" if dep == "2A" else r"^20[2-9]"
                )
            else:
                queryset = queryset.filter(postcode__startswith=dep)
        if data["diplome"]:
            word = data["diplome"].strip()
            # The school's own name for it, or the referential's label or BCN code.
            queryset = queryset.filter(
                Q(diplomas__name__icontains=word)
                | Q(diplomas__diploma__label__icontains=word)
                | Q(diplomas__diploma__code=word)
            ).distinct()
        return queryset


class ColleagueForm(DsfrForm):
    first_name = forms.CharField(label="Prénom", max_length=100)
    last_name = forms.CharField(label="Nom", max_length=100)
    email = forms.EmailField(label="Courriel professionnel", max_length=200)
    job_title = forms.CharField(label="Fonction", max_length=120, required=False)
    consent = forms.BooleanField(
        label="Cette personne sait que je l’ajoute : elle recevra un courriel avec son lien.",
        error_messages={"required": "Prévenez votre collègue, puis cochez la case."},
    )


class LimitsForm(DsfrForm):
    paused = forms.BooleanField(
        label="Mettre cette offre en pause (les lycées ne vous envoient plus de demandes)",
        required=False,
    )
    request_cap = forms.IntegerField(
        label="Places restantes",
        required=False,
        min_value=0,
        max_value=10_000,
        help_text="Vide : sans limite.",
    )
    students_per_period = forms.IntegerField(
        label="Élèves accueillis par période", required=False, min_value=0, max_value=10_000
    )

    def __init__(self, *args, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        wording = LIMITS_WORDING.get(kind, LIMITS_WORDING[""])
        self.intro = wording["intro"]
        self.fields["paused"].label = wording["paused"]
        self.fields["request_cap"].label = wording["request_cap"]
        if wording.get("students_per_period"):
            self.fields["students_per_period"].label = wording["students_per_period"]
        else:
            del self.fields["students_per_period"]
        self._bound_fields_cache = {}  # DsfrForm already built them with the generic labels


# What "pause and limits" means for each kind, in its own words (no "élèves par période" for
# a mentoring offer). Missing kinds use "".
LIMITS_WORDING = {
    "": {
        "intro": "Vous recevez trop de sollicitations ? Mettez votre proposition en pause ou "
        "indiquez combien de demandes vous acceptez encore.",
        "paused": "Mettre cette proposition en pause (les lycées ne vous sollicitent plus)",
        "request_cap": "Demandes que vous acceptez encore",
    },
    "stages": {
        "intro": "Vous recevez trop de demandes d’élèves ? Mettez votre offre en pause ou "
        "indiquez combien de places il vous reste.",
        "paused": "Mettre cette offre en pause (les lycées ne vous envoient plus d’élèves)",
        "request_cap": "Places de stage ou d’apprentissage restantes",
        "students_per_period": "Élèves accueillis par période",
    },
    "mentorat": {
        "intro": "Vous ne pouvez pas suivre davantage de jeunes pour le moment ? Mettez votre "
        "offre de mentorat en pause ou indiquez combien de mentorés vous pouvez encore suivre.",
        "paused": "Mettre cette offre de mentorat en pause (aucun nouveau binôme ne vous est "
        "proposé)",
        "request_cap": "Mentorés que vous pouvez encore suivre",
    },
    "decouverte": {
        "intro": "Votre agenda est plein ? Mettez votre offre de découverte en pause ou "
        "indiquez combien de visites ou d’interventions vous pouvez encore assurer.",
        "paused": "Mettre cette offre en pause (les collèges et lycées ne vous sollicitent plus)",
        "request_cap": "Visites ou interventions encore possibles",
        "students_per_period": "Collégiens accueillis par visite",
    },
    "formation_enseignants": {
        "intro": "Mettez votre offre de formation des professeurs en pause ou indiquez combien "
        "d’enseignants vous pouvez encore accueillir.",
        "paused": "Mettre cette offre en pause (les lycées ne vous envoient plus d’enseignants)",
        "request_cap": "Enseignants que vous pouvez encore accueillir",
        "students_per_period": "Enseignants accueillis par session",
    },
    "professeur_associe": {
        "intro": "Mettez votre proposition de professeur associé en pause ou indiquez combien "
        "de lycées peuvent encore vous solliciter.",
        "paused": "Mettre cette proposition en pause (les lycées ne vous sollicitent plus)",
        "request_cap": "Lycées qui peuvent encore vous solliciter",
    },
}


class LinkRequestForm(DsfrForm):
    email = forms.EmailField(
        label="Votre courriel",
        max_length=200,
        help_text="Celui que vous avez donné en envoyant votre proposition.",
    )
    site_internet_confirmation = forms.CharField(
        label="Ne pas remplir ce champ", required=False, max_length=200
    )
