from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from etablissements import proconnect
from home import views as site_views
from home.sitemaps import PagesSitemap, PublicViewsSitemap, TrainingSessionsSitemap

from . import views
from .accounts import ThrottledLoginView, ThrottledPasswordResetView

SITEMAPS = {
    "pages": PagesSitemap,
    "vues": PublicViewsSitemap(),
    "sessions": TrainingSessionsSitemap(),
}

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # Wagtail's logout, ending the ProConnect session too when it started there.
    path("admin/logout/", proconnect.logout_view, name="portal_logout"),
    path("robots.txt", site_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Before Wagtail's admin URLs: the same login and reset forms, throttled.
    path("admin/login/", ThrottledLoginView.as_view(), name="wagtailadmin_login"),
    path(
        "admin/password_reset/",
        ThrottledPasswordResetView.as_view(),
        name="wagtailadmin_password_reset",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("proconnect/", include("etablissements.proconnect")),
    path("documents/", include(wagtaildocs_urls)),
    # Public pages of each feature (plain Django views with DSFR templates).
    path("entreprises-partenaires/", include("entreprises.urls")),
    path("partenariats/", include("partenariats.urls")),
    path("courriels/", include("courriels.urls")),
    path("rappels/", include("rappels.urls")),
    path("entreprises/", include("offres.urls")),
    path("formations/", include("formations.urls")),
    path("pacte/", include("pacte.urls")),
    path("pfmp/", include("pfmp.urls")),
    path("donnees-ouvertes/", include("pilotage.urls")),
    path("api/", include("api.urls")),
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

# French DSFR error pages (DEBUG=false); CSRF failures: settings.CSRF_FAILURE_VIEW.
handler400 = "home.views.bad_request"
handler403 = "home.views.permission_denied"
handler404 = "home.views.page_not_found"
handler500 = "home.views.server_error"
