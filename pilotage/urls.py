from django.urls import path

from . import views_public

app_name = "opendata"
urlpatterns = [
    path("", views_public.index, name="index"),
    path("<slug:slug>.csv", views_public.dataset_csv, name="csv"),
    path("<slug:slug>.json", views_public.dataset_json, name="json"),
    path("<slug:slug>.schema.json", views_public.dataset_schema, name="schema"),
]
