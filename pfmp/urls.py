from django.urls import path

from . import views

app_name = "pfmp"
urlpatterns = [
    path("entreprise/<str:token>/", views.company_page, name="company"),
    path("appreciation/<str:token>/", views.appraisal_page, name="appraisal"),
]
