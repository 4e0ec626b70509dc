from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import views
from .accounts import ThrottledPasswordResetView

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Before Wagtail's admin URLs: the same reset form, throttled.
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Public pages of each feature (plain Django views with DSFR templates).
    path("entreprises-partenaires/", include("entreprises.urls")),
    path("partenariats/", include("partenariats.urls")),
    path("rappels/", include("rappels.urls")),
    path("entreprises/", include("offres.urls")),
    path("formations/", include("formations.urls")),
    path("pacte/", include("pacte.urls")),
]
if settings.DEBUG:
    # Wagtail's images in development; never the conventions, which only their checked view
    # serves (partenariats_admin:convention_file), the same with make run and docker-compose.
    urlpatterns += [
        re_path(
            r"^media/(?P<path>(?!conventions/).*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    ]

# Wagtail serves every other path from the page tree: keep it last.
urlpatterns += [path("", include(wagtail_urls))]
