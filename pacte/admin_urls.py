from django.urls import path

from . import views

app_name = "pacte_admin"
urlpatterns = [
    path("", views.SchoolPacteView.as_view(), name="school"),
    path("repartition/", views.RepartitionView.as_view(), name="repartition"),
    path("repartition.xlsx", views.RepartitionXlsxView.as_view(), name="repartition_xlsx"),
    path("nouveau/", views.NewEngagementView.as_view(), name="new"),
    path("engagement/<int:pk>/composer/", views.CompositionView.as_view(), name="compose"),
    path("catalogue/copier/", views.CatalogueCopyView.as_view(), name="catalogue_copy"),
    path("ma-mission/", views.MyMissionView.as_view(), name="my_mission"),
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
    path("engagement/<int:pk>/reporter/", views.CarryOverView.as_view(), name="carry_over"),
    path("engagement/<int:pk>/bilans/", views.ReportsView.as_view(), name="reports"),
    path("engagement/<int:pk>/bilans/<int:mission>/", views.ReportView.as_view(), name="report"),
    path(
        "engagement/<int:pk>/bilans/<int:mission>/intermediaire/<str:stage>/",
        views.InterimReportWriteView.as_view(),
        name="interim_write",
    ),
    path(
        "engagement/<int:pk>/bilans/<int:mission>.pdf",
        views.ReportPdfView.as_view(),
        name="report_pdf",
    ),
    path(
        "engagement/<int:pk>/actions/ajouter/",
        views.ActivityLogAddView.as_view(),
        name="log_add",
    ),
    path("action/<int:pk>/supprimer/", views.ActivityLogDeleteView.as_view(), name="log_delete"),
    path("engagement/<int:pk>/redeployer/", views.RedeployView.as_view(), name="redeploy"),
]
