from django.urls import path

from . import views

app_name = "entreprises"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.company_detail, name="detail"),
    path("recherche-siret/", views.siret_lookup, name="siret_lookup"),
]
