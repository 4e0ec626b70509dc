from django.urls import path

from . import views

app_name = "pilotage_admin"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("indicateurs.xlsx", views.DashboardXlsxView.as_view(), name="dashboard_xlsx"),
]
