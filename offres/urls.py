from django.urls import path

from . import views

app_name = "offres"
urlpatterns = [
    path("proposer/<slug:slug>/", views.submission_submit, name="submit"),
    path("proposer/<slug:slug>/merci/", views.submission_thanks, name="thanks"),
    path("demandes-de-formation/", views.specialisation_list, name="specialisation_list"),
    path(
        "demandes-de-formation/<int:pk>/rejoindre/",
        views.specialisation_join,
        name="specialisation_join",
    ),
    path("espace/nouveau-lien/", views.espace_link_request, name="link_request"),
    path("espace/<str:token>/", views.espace, name="espace"),
    path("espace/<str:token>/nouveau-lien/", views.espace_resend, name="espace_resend"),
    path("espace/<str:token>/collegue/", views.espace_colleague, name="espace_colleague"),
    path("espace/<str:token>/annuaire/", views.espace_directory, name="espace_directory"),
    path(
        "espace/<str:token>/desinscription/",
        views.espace_unsubscribe,
        name="espace_unsubscribe",
    ),
    path(
        "espace/<str:token>/proposition/<int:pk>/modifier/",
        views.espace_edit,
        name="espace_edit",
    ),
    path(
        "espace/<str:token>/proposition/<int:pk>/retirer/",
        views.espace_withdraw,
        name="espace_withdraw",
    ),
    path(
        "espace/<str:token>/proposition/<int:pk>/limites/",
        views.espace_limits,
        name="espace_limits",
    ),
]
