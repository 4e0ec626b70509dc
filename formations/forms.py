"""Public forms (DSFR) and the small staff forms of the attendance sheet."""

import datetime

from django import forms
from django.utils.dateformat import format as date_format
from dsfr.forms import DsfrBaseForm

from entreprises.widgets import SIRET_LOOKUP_MEDIA, siret_lookup_setup

CONSENT_TEXT = (
    "J’accepte que le lycée garde mon nom, mon courriel et mon entreprise pour organiser cette "
    "formation et me recontacter au sujet de l’accueil de stagiaires. Je peux demander leur "
    "suppression à tout moment au bureau des entreprises."
)


class HoneypotMixin(forms.Form):
    """A field people never see: robots fill it, and the form then refuses quietly."""

    website = forms.CharField(
        label="Ne remplissez pas ce champ",
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class TutorForm(DsfrBaseForm):
    first_name = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    email = forms.EmailField(
        label="Courriel",
        help_text="La confirmation, l’invitation pour votre agenda et le lien d’annulation y "
        "seront envoyés.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    siret = forms.CharField(
        label="SIRET de l’entreprise",
        max_length=20,
        help_text="14 chiffres, sur le Kbis, une fiche de paie ou l’avis de situation INSEE.",
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
    )
    company_name = forms.CharField(
        label="Nom de l’entreprise",
        max_length=200,
        required=False,
        help_text="Seulement si l’entreprise n’est pas encore connue du lycée.",
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    student_diploma = forms.CharField(
        label="Diplôme préparé par l’élève que vous accueillez",
        max_length=200,
        required=False,
        help_text="Par exemple : bac pro MELEC. Il nous aide à adapter la formation.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        siret_lookup_setup(self, name="company_name")

    @property
    def media(self):
        return super().media + SIRET_LOOKUP_MEDIA


class RegistrationForm(HoneypotMixin, TutorForm):
    consent = forms.BooleanField(
        label=CONSENT_TEXT, required=True, template_name="dsfr_fields/checkbox.html"
    )

    def __init__(self, *args, training=None, **kwargs):
        super().__init__(*args, **kwargs)
        if training is not None and training.diploma_list:
            self.fields["student_diploma"].widget = forms.TextInput(
                attrs={"list": "diplomes-concernes"}
            )
        self.fields["consent"].error_messages["required"] = (
            "Cochez cette case pour vous inscrire : sans elle, le lycée ne peut pas garder vos "
            "coordonnées."
        )


class OnSiteTutorForm(TutorForm):
    """A tutor who came without registering, added by the leading teacher: the teacher types, so
    the texts speak of the tutor, and the browser does not fill in the teacher's own details."""

    first_name = forms.CharField(
        label="Prénom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    last_name = forms.CharField(
        label="Nom", max_length=100, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    # The session has taken place: no confirmation, calendar invitation nor cancel link.
    email = forms.EmailField(
        label="Courriel",
        help_text="Celui du tuteur : il y recevra ce que le lycée fait de ses données, puis son "
        "attestation de présence.",
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    company_name = forms.CharField(
        label="Nom de l’entreprise",
        max_length=200,
        required=False,
        help_text="Seulement si l’entreprise n’est pas encore connue du lycée.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    student_diploma = forms.CharField(
        label="Diplôme préparé par l’élève que le tuteur accueille",
        max_length=200,
        required=False,
        help_text="Par exemple : bac pro MELEC.",
    )

    oral_consent = forms.BooleanField(
        label="La personne accepte, à l’oral, que le lycée garde son nom, son courriel et son "
        "entreprise pour les formations des tuteurs et l’accueil de stagiaires. Elle recevra "
        "par courriel ce que le lycée fait de ses données et comment en demander la suppression.",
        required=True,
        template_name="dsfr_fields/checkbox.html",
        error_messages={
            "required": "Demandez d’abord à la personne si le lycée peut garder ses coordonnées."
        },
    )


class FeedbackForm(DsfrBaseForm):
    satisfaction = forms.TypedChoiceField(
        label="Dans l’ensemble, cette formation vous a-t-elle été utile ?",
        choices=[
            (5, "5 — très utile"),
            (4, "4 — utile"),
            (3, "3 — moyennement"),
            (2, "2 — peu utile"),
            (1, "1 — pas utile"),
        ],
        coerce=int,
        widget=forms.RadioSelect,
        template_name="dsfr_fields/radioselect.html",
    )
    comment = forms.CharField(
        label="Un commentaire, une suggestion ?",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def recent_months(start: datetime.date, today: datetime.date, count: int = 6):
    months = []
    month = today.replace(day=1)
    while len(months) < count and month >= start.replace(day=1):
        months.append(month)
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return months


class CheckInForm(DsfrBaseForm):
    month = forms.TypedChoiceField(label="Mois", coerce=datetime.date.fromisoformat)
    hours = forms.DecimalField(
        label="Heures passées avec l’élève ce mois-ci",
        min_value=0,
        max_digits=5,
        decimal_places=1,
        help_text="Au moins 2 heures par mois pour un mentorat. Par exemple : 2,5.",
        localize=True,
    )
    note = forms.CharField(
        label="En quelques mots (facultatif)",
        required=False,
        max_length=500,
        help_text="Ce que vous avez fait ensemble. N’y écrivez rien de personnel sur l’élève.",
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, pair=None, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        months = recent_months(pair.start_date, today) if pair else []
        self.fields["month"].choices = [(m.isoformat(), date_format(m, "F Y")) for m in months]
