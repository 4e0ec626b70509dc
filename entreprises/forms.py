from django import forms
from django.core.exceptions import ValidationError

from etablissements.admin_views import ScopedAdminForm
from etablissements.querysets import is_academy_admin

from .models import Company
from .services import company_possible_duplicates
from .validators import normalize_siret
from .widgets import SIRET_LOOKUP_MEDIA, siret_lookup_setup


class CompanyForm(ScopedAdminForm):
    """A company: SIRET normalised, probable duplicates (same name, same postcode) confirmed."""

    # Longer than 14 so that "552 100 554 00013" can be typed; the model checks the digits.
    siret = forms.CharField(
        label="SIRET",
        max_length=30,
        help_text="14 chiffres, sur le Kbis ou l’avis de situation INSEE (espaces permis).",
    )
    confirm_duplicate = forms.BooleanField(
        label="Il s’agit bien d’une autre entreprise",
        required=False,
        help_text="À cocher seulement si une entreprise du même nom existe déjà à ce code postal.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        listing = self.fields.get("public_listing")
        if listing is not None and not is_academy_admin(getattr(self, "for_user", None)):
            # The company's own choice, made in its espace entreprise: shown, not changed here.
            listing.disabled = True
            listing.help_text = (
                "L’entreprise choisit elle-même d’apparaître dans l’annuaire public, depuis son "
                "espace entreprise ; l’administration académique peut le changer à sa demande."
            )
        siret_lookup_setup(
            self,
            name="name",
            naf_code="naf_code",
            size_band="size_band",
            address="address",
            postcode="postcode",
            town="town",
        )

    @property
    def media(self):
        return super().media + SIRET_LOOKUP_MEDIA

    def clean_siret(self):
        return normalize_siret(self.cleaned_data["siret"])

    def clean(self):
        cleaned = super().clean()
        if {"latitude", "longitude"} & set(self.changed_data):
            self.instance.position_precision = ""  # typed by staff: no geocoder's precision
        name, postcode = cleaned.get("name"), cleaned.get("postcode")
        if name and postcode and not cleaned.get("confirm_duplicate"):
            duplicates = list(
                company_possible_duplicates(name, postcode, exclude=self.instance)[:5]
            )
            if duplicates:
                listed = " ; ".join(f"{c.name}, SIRET {c.siret_display}" for c in duplicates)
                self.add_error(
                    "confirm_duplicate",
                    ValidationError(
                        "Une entreprise du même nom existe déjà à ce code postal (%(listed)s). "
                        "Si c’est la même, ouvrez sa fiche plutôt que d’en créer une autre ; "
                        "sinon cochez cette case et enregistrez à nouveau.",
                        code="possible_duplicate",
                        params={"listed": listed},
                    ),
                )
        return cleaned


class ContactForm(ScopedAdminForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if "schools" in self.fields:
            self.fields["schools"].required = True
            self.fields["schools"].help_text = (
                "Les lycées avec qui cette personne travaille : seuls leurs personnels voient "
                "ses coordonnées."
            )
        if "email" in self.fields:
            self.fields[
                "email"
            ].help_text = (
                "Pour prévenir la personne des stages, formations de tuteurs et événements."
            )
        if "phone" in self.fields:
            self.fields["phone"].help_text = "Facultatif : pour joindre le tuteur pendant une PFMP."


class CompanyChoiceField(forms.ModelChoiceField):
    """Two "Boulangerie Occitane" look alike: the choice says SIRET and town."""

    def label_from_instance(self, obj):
        return f"{obj.name} — SIRET {obj.siret_display} — {obj.postcode} {obj.town}".strip()


class MergeForm(forms.Form):
    other = CompanyChoiceField(
        label="L’autre fiche de la même entreprise", queryset=Company.objects.none()
    )
    keep = forms.ChoiceField(
        label="Fiche à conserver",
        choices=[("this", "cette fiche"), ("other", "l’autre fiche")],
        widget=forms.RadioSelect,
        initial="this",
    )

    def __init__(self, *args, company: Company, queryset, **kwargs):
        super().__init__(*args, **kwargs)
        self.company = company
        self.fields["other"].queryset = queryset.active().exclude(pk=company.pk)
        self.fields["keep"].choices = [
            ("this", f"cette fiche : {company.name}, SIRET {company.siret_display}"),
            ("other", "l’autre fiche"),
        ]

    def kept_and_removed(self) -> tuple[Company, Company]:
        other = self.cleaned_data["other"]
        if self.cleaned_data["keep"] == "this":
            return self.company, other
        return other, self.company


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label="Tableau des entreprises et contacts",
        help_text="Fichier CSV (séparateur virgule ou point-virgule) ou Excel (.xlsx), 2 Mo au "
        "plus, avec les colonnes du modèle à télécharger.",
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError("Le fichier dépasse 2 Mo ; découpez-le en plusieurs imports.")
        name = upload.name.lower()
        if not name.endswith((".csv", ".xlsx")):
            raise ValidationError("Envoyez un fichier .csv ou .xlsx.")
        return upload
