from django.urls import path

from .admin_views import assign, board, imports, teacher

app_name = "pfmp_admin"
urlpatterns = [
    path("", board.BoardView.as_view(), name="board"),
    path("periode/<int:pk>/", board.PeriodBoardView.as_view(), name="period"),
    path(
        "periode/<int:period>/eleve/<int:pupil>/placer/",
        assign.AssignView.as_view(),
        name="assign",
    ),
    path("eleve/<int:pk>/", board.PupilView.as_view(), name="pupil"),
    path("placement/<int:pk>/statut/", board.PlacementStatusView.as_view(), name="status"),
    path("periode/<int:pk>/prevenir/", board.PeriodMailView.as_view(), name="period_mail"),
    path("mes-eleves/", teacher.MyPupilsView.as_view(), name="my_pupils"),
    path("mes-eleves/<int:pk>/visite/", teacher.VisitLogView.as_view(), name="visit"),
    path("jours-effectues.xlsx", board.DaysDoneExportView.as_view(), name="days_done"),
    path("importer/", imports.PupilImportView.as_view(), name="import"),
]
