"""The portal's URLs plus a view that fails, to see the 500 page (tests only)."""

from django.urls import path

from portal.urls import *  # noqa: F403  (the handlers come along)
from portal.urls import urlpatterns as portal_urlpatterns


def boom(request):
    raise RuntimeError("secret detail: do not show me")


urlpatterns = [path("boom/", boom), *portal_urlpatterns]
