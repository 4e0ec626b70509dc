"""The mapping step of the import: the RBDE says which column of their file is which field.

Shown when a header is not recognised or a required field has no column; pre-filled with what
was recognised. Nothing is written: the table waits in the session until the preview.
"""

from django import forms
from django.core.exceptions import ValidationError

from .import_headers import (
    COLUMNS,
    REQUIRED_COLUMNS,
    column_letter,
    guess_mapping,
    mapping_duplicates,
)

IGNORE = ""
FIELD_CHOICES = [(IGNORE, "Ignorer cette colonne")] + [
    (key, f"{title} (obligatoire)" if key in REQUIRED_COLUMNS else title)
    for key, title in COLUMNS.items()
]
SAMPLE_COUNT = 3


def _samples(table: dict, index: int) -> list[str]:
    found = []
    for row in table["values"]:
        value = str(row[index]).strip() if index < len(row) else ""
        if value and value not in found:
            found.append(value[:60])
        if len(found) == SAMPLE_COUNT:
            break
    return found


class ImportMappingForm(forms.Form):
    """One select per used column of the file ("col_<index>"), its field or "Ignorer"."""

    def __init__(self, *args, table: dict, used: list[bool], **kwargs):
        super().__init__(*args, **kwargs)
        self.table = table
        self.columns: list[tuple[int, str]] = []
        guessed = guess_mapping(table["headers"])
        for index, header in enumerate(table["headers"]):
            if not used[index]:
                continue
            title = header.strip() or "sans titre"
            letter = column_letter(index)
            samples = _samples(table, index)
            self.fields[f"col_{index}"] = forms.ChoiceField(
                label=f"Colonne {letter} : « {title} »",
                choices=FIELD_CHOICES,
                required=False,
                initial=guessed[index] or IGNORE,
                help_text=(
                    "Exemples : " + " ; ".join(f"« {s} »" for s in samples)
                    if samples
                    else "Colonne vide dans le fichier."
                ),
            )
            self.columns.append((index, title))

    def mapping(self) -> list[str | None]:
        """Field (or None) per column of the table, from the cleaned choices."""
        mapping: list[str | None] = [None] * len(self.table["headers"])
        for index, _ in self.columns:
            mapping[index] = self.cleaned_data.get(f"col_{index}") or None
        return mapping

    def clean(self):
        cleaned = super().clean()
        mapping = self.mapping()
        titles = dict(self.columns)
        for key, indexes in mapping_duplicates(mapping).items():
            listed = " et ".join(f"« {titles[i]} »" for i in indexes)
            for index in indexes:
                self.add_error(
                    f"col_{index}",
                    ValidationError(
                        "« %(field)s » est choisi pour plusieurs colonnes (%(listed)s) : "
                        "gardez-le pour une seule.",
                        params={"field": COLUMNS[key], "listed": listed},
                    ),
                )
        for key in REQUIRED_COLUMNS:
            if key not in mapping:
                self.add_error(
                    None,
                    ValidationError(
                        "Aucune colonne n’est associée à « %(field)s », qui est obligatoire : "
                        "choisissez la colonne qui le contient.",
                        params={"field": COLUMNS[key]},
                    ),
                )
        return cleaned
