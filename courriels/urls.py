from django.urls import path

from . import views

app_name = "courriels"
urlpatterns = [
    path("desabonnement/<str:token>/", views.unsubscribe, name="desabonnement"),
]
