from django.urls import path
from django.views.generic import RedirectView

from . import views_public

app_name = "opendata"
urlpatterns = [
    path("", views_public.index, name="index"),
    # The files sit under export/: a download, as people and crawlers know one.
    path("export/<slug:slug>.csv", views_public.dataset_csv, name="csv"),
    path("export/<slug:slug>.json", views_public.dataset_json, name="json"),
    path("export/<slug:slug>.schema.json", views_public.dataset_schema, name="schema"),
]
# Their first addresses, kept for the links and scripts that still use them.
urlpatterns += [
    path(
        f"<slug:slug>{suffix}",
        RedirectView.as_view(pattern_name=f"opendata:{name}", permanent=True, query_string=True),
        name=f"{name}_moved",
    )
    for suffix, name in ((".csv", "csv"), (".json", "json"), (".schema.json", "schema"))
]
