from django.urls import path

from . import views

app_name = "formations"
urlpatterns = [
    path("tuteurs/", views.calendar, name="calendar"),
    path("tuteurs/session/<int:pk>/", views.training_detail, name="training_detail"),
    path("tuteurs/session/<int:pk>/agenda.ics", views.training_ics, name="training_ics"),
    path("tuteurs/lycee/<str:uai>/agenda.ics", views.school_feed, name="school_feed"),
    path("inscription/annuler/<str:token>/", views.registration_cancel, name="registration_cancel"),
    path("avis/<str:token>/", views.feedback, name="feedback"),
    path("mentorat/point/<str:token>/", views.checkin, name="checkin"),
    path("evenements/reponse/<str:token>/", views.rsvp, name="rsvp"),
    # The leading teacher's pages (staff account, own schools only).
    path("animation/", views.staff_trainings, name="staff_trainings"),
    path("animation/<int:pk>/presence/", views.attendance_sheet, name="attendance_sheet"),
    path(
        "animation/inscription/<int:pk>/presence/",
        views.attendance_mark,
        name="attendance_mark",
    ),
    path("animation/<int:pk>/emargement.pdf", views.sign_in_sheet, name="sign_in_sheet"),
    path("animation/<int:pk>/attestations/", views.send_certificates, name="send_certificates"),
    path("animation/<int:pk>/avis/", views.request_feedback, name="request_feedback"),
]
