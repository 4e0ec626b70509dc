from django.urls import path

from . import placements_views, routing_views, views

app_name = "pilotage_admin"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicateurs.xlsx", views.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
    path("recalculer/", views.DashboardRecomputeView.as_view(), name="dashboard_recompute"),
    path("demandes-de-formation/", views.PipelineView.as_view(), name="pipeline"),
    path("routage/", routing_views.RoutingView.as_view(), name="routing"),
    path("placements/", placements_views.PlacementRatesView.as_view(), name="placements"),
    path(
        "placements.xlsx",
        placements_views.PlacementRatesXlsxView.as_view(),
        name="placements_xlsx",
    ),
    path("demandes-de-formation.xlsx", views.PipelineXlsxView.as_view(), name="pipeline_xlsx"),
    path(
        "demandes-de-formation/<int:pk>/suivi/",
        views.PipelineFollowUpView.as_view(),
        name="pipeline_followup",
    ),
]
