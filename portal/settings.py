"""Settings of the portal: one module, every value read from the environment.

The defaults run the portal with nothing to install (SQLite, Celery's filesystem broker,
mails written to files); `DATABASE_URL`, `CELERY_BROKER_URL`, `REDIS_URL` and `EMAIL_URL`
switch to PostgreSQL, Redis and SMTP. `.env.example` lists every variable.
"""

import datetime
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
import dj_email_url
from csp.constants import NONCE, NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "oui"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
# The portal's public address, in mails, open data, sitemap. Unset (the demo): the port it serves,
# `make run PORT=8101`. Honcho gives each process of the Procfile a PORT of its own (web 8101,
# worker 8201, beat 8301), so `make run` hands the web's port to all three as PORTAL_PORT.
DEMO_PORT = os.environ.get("PORTAL_PORT") or os.environ.get("PORT") or "8000"
PORTAL_BASE_URL = (os.environ.get("PORTAL_BASE_URL") or f"http://127.0.0.1:{DEMO_PORT}").rstrip("/")

# The portal's own apps, one per feature (see README.md, "Architecture").
PORTAL_APPS = [
    "portal",
    "etablissements",
    "home",
    "courriels",
    "entreprises",
    "partenariats",
    "rappels",
    "offres",
    "formations",
    "pacte",
    "pfmp",
    "pilotage",
    "api",
]
INSTALLED_APPS = [
    *PORTAL_APPS,
    "dsfr",
    "django_filters",
    "django_celery_beat",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.sitemaps",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "axes",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "portal.middleware.PortalCSPMiddleware",
    "portal.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The cache versions a request needs, read in one round trip (common.cache_versions).
    "common.cache_versions.VersionsMiddleware",
    # A public page's cached entry, read with the versions (portal/public_cache.py).
    "portal.public_cache.PublicPageLookupMiddleware",
    "portal.site_cache.CachedSiteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "portal.middleware.StripControlCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before any view or filter: a NUL in the path or the query is a 400 (422 on the API).
    "portal.middleware.RejectNulMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # After the others, as django-axes asks: it turns a locked-out login into its French page.
    "axes.middleware.AxesMiddleware",
    # Innermost: a page served from the cache still gets every header above
    # (portal/public_cache.py).
    "portal.public_cache.PublicPageCacheMiddleware",
]
# Seconds a public page stays in the shared cache (0: off, as under DEBUG, where templates change).
PUBLIC_CACHE_SECONDS = int(os.environ.get("PUBLIC_CACHE_SECONDS") or ("0" if DEBUG else "300"))
# At most this many filtered lists and company pages stored per PUBLIC_CACHE_SECONDS window.
PUBLIC_CACHE_VARIANTS = int(os.environ.get("PUBLIC_CACHE_VARIANTS") or "300")

ROOT_URLCONF = "portal.urls"
CSRF_FAILURE_VIEW = "home.views.csrf_failure"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]
# django-dsfr renders form widgets from its own templates.
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Database: SQLite in var/ unless DATABASE_URL names another one.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'portal.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory, so that a Celery worker started by the tests reads the same rows.
    # One file per test run, so that two runs side by side never share a test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-portal-{os.getpid()}.sqlite3")}
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process), else in memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "common.redis_cache.PortalRedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "wagtailadmin_login"
AUTHENTICATION_BACKENDS = [
    "portal.auth.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

# The client's address: the number of reverse proxies in front of gunicorn that append to
# X-Forwarded-For (1 behind docker-compose's TLS proxy; 0 with make run). portal/client_ip.py.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
RATELIMIT_IP_META_KEY = "common.client_ip.client_ip"

# Staff login: django-axes locks a login name *from one client address* after 10 failures in
# a row, for 30 minutes (rows in the database: every process sees the same count). A school's
# staff share one address: locking by name alone or by address alone would let one person lock
# out the others. An address trying many names is throttled by portal.accounts instead, at
# more than LOGIN_FAILURES_PER_IP_RATE failed logins (any name), counted in the cache.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "10"))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
LOGIN_FAILURES_PER_IP_RATE = os.environ.get("LOGIN_FAILURES_PER_IP_RATE", "50/h")
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "portal/lockout.html"
AXES_VERBOSE = False
# Password resets: at most this many mails per address and per client address an hour.
PASSWORD_RESET_RATE = os.environ.get("PASSWORD_RESET_RATE", "3/h")

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français")]
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "common.static_storage.PortalStaticFilesStorage"
            if not DEBUG
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# The manifest storage rewrites the url() of the DSFR stylesheets, so the hashes django-dsfr
# writes in `integrity` no longer match and the browser refused the whole DSFR in production
# (unstyled pages). The files are served from the portal itself: no third party to check.
DSFR_USE_INTEGRITY_CHECKSUMS = False
# What django-dsfr's tags show is escaped unless marked safe (its default trusts every string).
DSFR_CONTENT_IS_SAFE = False
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# Wagtail
WAGTAIL_SITE_NAME = "Portail du bureau des entreprises"
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAILADMIN_USER_LOGIN_FORM = "etablissements.login_form.StaffLoginForm"
WAGTAIL_I18N_ENABLED = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "csv", "xlsx", "docx", "odt"]
# The staff area is the académie's service: its name and the Marianne, no call to the outside.
PORTAL_ACADEMY_NAME = os.environ.get("PORTAL_ACADEMY_NAME", "Académie de Toulouse")
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False

# Mail: files in var/mail by default; EMAIL_URL (smtp://user:pass@host:587/?tls=True) in production.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    vars().update(dj_email_url.parse(EMAIL_URL))
else:
    EMAIL_BACKEND = os.environ.get(
        "EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend"
    )
    EMAIL_FILE_PATH = str(VAR_DIR / "mail")
DEFAULT_FROM_EMAIL = os.environ.get(
    "DEFAULT_FROM_EMAIL", "Bureau des entreprises <ne-pas-repondre@portail-bde.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_TIMEOUT = 20

# Celery: filesystem broker by default (no server), Redis when CELERY_BROKER_URL says so.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "filesystem://")
CELERY_BROKER_FOLDER = Path(os.environ.get("CELERY_BROKER_FOLDER", VAR_DIR / "celery-broker"))
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "processed_folder": str(CELERY_BROKER_FOLDER / "processed"),
        "control_folder": str(CELERY_BROKER_FOLDER / "control"),
        "store_processed": False,
    }
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("CELERY_TASK_DEFAULT_QUEUE", "celery")
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# ProConnect (agents' sign-in, OpenID Connect through mozilla-django-oidc): off by default. It
# proves who someone is; roles come from invitations (etablissements.Invitation). The password
# login stays for the demo and the academy's own accounts.
PROCONNECT_ENABLED = env_bool("PROCONNECT_ENABLED", False)
# The provider's base URL; its /.well-known/openid-configuration gives every endpoint.
PROCONNECT_DOMAIN = os.environ.get(
    "PROCONNECT_DOMAIN", "https://auth.agentconnect.gouv.fr/api/v2"
).rstrip("/")
PROCONNECT_CLIENT_ID = os.environ.get("PROCONNECT_CLIENT_ID", "")
PROCONNECT_CLIENT_SECRET = os.environ.get("PROCONNECT_CLIENT_SECRET", "")
PROCONNECT_SCOPES = os.environ.get(
    "PROCONNECT_SCOPES", "openid email given_name usual_name uid siret"
)
PROCONNECT_ACR_VALUES = os.environ.get("PROCONNECT_ACR_VALUES", "eidas1")
PROCONNECT_INVITATION_DAYS = int(os.environ.get("PROCONNECT_INVITATION_DAYS", "14"))
if PROCONNECT_ENABLED:
    AUTHENTICATION_BACKENDS.append("etablissements.proconnect.ProConnectBackend")
OIDC_RP_CLIENT_ID = PROCONNECT_CLIENT_ID
OIDC_RP_CLIENT_SECRET = PROCONNECT_CLIENT_SECRET
OIDC_RP_SIGN_ALGO = "RS256"  # id token and userinfo, checked against the provider's JWKS
OIDC_RP_SCOPES = PROCONNECT_SCOPES
OIDC_AUTH_REQUEST_EXTRA_PARAMS = {"acr_values": PROCONNECT_ACR_VALUES}
OIDC_AUTHENTICATION_CALLBACK_URL = "proconnect:callback"
OIDC_STORE_ID_TOKEN = True  # the id_token_hint of the provider's logout
OIDC_TIMEOUT = 10
LOGIN_REDIRECT_URL = "/admin/"

# API Recherche d'entreprises (company from its SIRET): off by default, the portal then asks
# the person to type the company's details, as without it.
RECHERCHE_ENTREPRISES_ENABLED = env_bool("RECHERCHE_ENTREPRISES_ENABLED", False)
RECHERCHE_ENTREPRISES_URL = os.environ.get(
    "RECHERCHE_ENTREPRISES_URL", "https://recherche-entreprises.api.gouv.fr"
).rstrip("/")
RECHERCHE_ENTREPRISES_TIMEOUT = float(os.environ.get("RECHERCHE_ENTREPRISES_TIMEOUT", "4"))
# The API allows 7 requests per second per address; the portal stays under it.
RECHERCHE_ENTREPRISES_RATE = int(os.environ.get("RECHERCHE_ENTREPRISES_RATE", "7"))
RECHERCHE_ENTREPRISES_CACHE_DAYS = int(os.environ.get("RECHERCHE_ENTREPRISES_CACHE_DAYS", "30"))
# After 3 failures in a row, no call for this many seconds (circuit breaker).
RECHERCHE_ENTREPRISES_PAUSE = int(os.environ.get("RECHERCHE_ENTREPRISES_PAUSE", "300"))
# Lookups per visitor through the portal's JSON view (django-ratelimit syntax).
SIRET_LOOKUP_RATE = os.environ.get("SIRET_LOOKUP_RATE", "30/m")
# The read-only API (django-ratelimit syntax): calls per token, and per client address for calls
# without a valid token (which also slows anyone guessing keys).
API_RATE_PER_TOKEN = os.environ.get("API_RATE_PER_TOKEN", "300/m")
API_RATE_PER_ADDRESS = os.environ.get("API_RATE_PER_ADDRESS", "30/m")

# Routing of a company's need to the schools that prepare its trades (offres.routing).
# How many of the nearest schools receive a proposal when the company chooses none.
ROUTING_MAX_SCHOOLS = int(os.environ.get("ROUTING_MAX_SCHOOLS", "3"))
# Working days (Monday to Friday) without any answer before a shared proposal escalates: a
# reminder to the RBDEs and a word to the company, then, as long again, the académie admin.
ROUTING_ANSWER_WORKING_DAYS = int(os.environ.get("ROUTING_ANSWER_WORKING_DAYS", "5"))
# Whom a company writes to when no school near it prepares its trade.
ACADEMY_CONTACT_EMAIL = os.environ.get("ACADEMY_CONTACT_EMAIL", "")
# Prospects of a school (offres.prospects): radius of the search around the school, in km.
PROSPECTS_RADIUS_KM = int(os.environ.get("PROSPECTS_RADIUS_KM", "15"))
PROSPECTS_REFRESH_DAYS = int(os.environ.get("PROSPECTS_REFRESH_DAYS", "14"))

# Géoplateforme geocoder (company addresses -> coordinates for the maps), in batches: off by
# default.
GEOCODING_ENABLED = env_bool("GEOCODING_ENABLED", False)
GEOCODING_URL = os.environ.get("GEOCODING_URL", "https://data.geopf.fr/geocodage").rstrip("/")
GEOCODING_TIMEOUT = float(os.environ.get("GEOCODING_TIMEOUT", "30"))
GEOCODING_BATCH = int(os.environ.get("GEOCODING_BATCH", "500"))
GEOCODING_MIN_SCORE = float(os.environ.get("GEOCODING_MIN_SCORE", "0.5"))
GEOCODING_PAUSE = int(os.environ.get("GEOCODING_PAUSE", "900"))

# Map tiles of the public maps (Leaflet): the Géoplateforme's plan IGN by default.
MAP_TILES_URL = os.environ.get(
    "MAP_TILES_URL",
    "https://data.geopf.fr/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER=GEOGRAPHICALGRIDSYSTEMS.PLANIGNV2&STYLE=normal&TILEMATRIXSET=PM"
    "&FORMAT=image/png&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}",
)
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "© IGN – Géoplateforme")
# The tiles' origin, the one image source from elsewhere the CSP allows.
MAP_TILES_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILES_URL))

# Security: strict when DEBUG is off (`manage.py check --deploy` prints nothing).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
# Content-Security-Policy (django-csp): the public DSFR pages run only the portal's own files
# (django-dsfr's script carries the nonce); no inline script, style or plugin, no framing by
# another site. The admin's relaxations are in CSP_ADMIN_REPLACE (portal.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", MAP_TILES_ORIGIN],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
        "manifest-src": [SELF],
    }
}
CSP_ADMIN_REPLACE = {
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:", MAP_TILES_ORIGIN],
}
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=(), browsing-topics=()"
)
# No avatar fetched from a third party (privacy, and the CSP allows none).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# Wagtail's preview panel frames the site's own pages: SAMEORIGIN, not DENY. Hence W019 silenced.
X_FRAME_OPTIONS = "SAMEORIGIN"
SILENCED_SYSTEM_CHECKS = ["security.W019"]
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # Wagtail 8 runs its search/reference index updates as django-tasks: one line each.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        # django-axes logs every sign-in; failures and lockouts stay (WARNING and above).
        "axes": {"level": "WARNING"},
        # WeasyPrint reports each rendering step (and its own stylesheets, parsed on import).
        "weasyprint.progress": {"level": "WARNING"},
    },
}
