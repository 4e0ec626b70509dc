from django.urls import path

from courriels import views

app_name = "rappels"
urlpatterns = [
    # The address of the unsubscribe links sent before the outbox (courriels:desabonnement).
    path("desabonnement/<str:token>/", views.unsubscribe, name="desabonnement"),
]
