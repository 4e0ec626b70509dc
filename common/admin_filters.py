"""Staff lists opened from a link for one parent row (`?partnership=3`, `?training=5`).

The parent is a filter of the link, not one a person picks: it is no field of the filter form.
As a hidden field there, Wagtail's filter menu would show it as an entry leading nowhere, with a
label pointing at a hidden input (W3C checker: `label for` a non-visible control).
"""

import re

from wagtail.admin.filters import WagtailFilterSet

ROW_ID = re.compile(r"[0-9]{1,18}")  # ASCII digits only: "¹".isdigit() is true


class LinkedFilterSet(WagtailFilterSet):
    #: query parameter → lookup of the queryset (`{"partnership": "partnership"}`)
    link_filters: dict[str, str] = {}  # noqa: RUF012 - read only, per subclass

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        for parameter, lookup in self.link_filters.items():
            value = self.data.get(parameter, "")
            if not value:
                continue
            if not ROW_ID.fullmatch(value):
                return queryset.none()
            queryset = queryset.filter(**{lookup: int(value)})
        return queryset
