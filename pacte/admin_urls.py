from django.urls import path

from . import views

app_name = "pacte_admin"
urlpatterns = [
    path("", views.SchoolPacteView.as_view(), name="school"),
    path("repartition/", views.RepartitionView.as_view(), name="repartition"),
    path("repartition.xlsx", views.RepartitionXlsxView.as_view(), name="repartition_xlsx"),
    path("engagement/<int:pk>/", views.EngagementView.as_view(), name="engagement"),
    path(
        "engagement/<int:pk>/lettre-de-mission.pdf",
        views.MissionLetterPdfView.as_view(),
        name="letter_pdf",
    ),
    path(
        "engagement/<int:pk>/lettre-de-mission/valider/",
        views.MissionLetterValidateView.as_view(),
        name="letter_validate",
    ),
]
