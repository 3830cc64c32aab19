"""Settings for the fact-check annotation app, read from the environment (twelve-factor)."""

import datetime
import os
import tempfile
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: str) -> bool:
    return os.environ.get(name, default).strip().lower() in {"1", "true", "yes", "on"}


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def envurl(name: str) -> str:
    """An absolute http(s) address, or "" when unset; anything else stops the start-up."""
    value = os.environ.get(name, "").strip()
    scheme, _, rest = value.partition("://")
    if value and (scheme.lower() not in {"http", "https"} or not rest.split("/")[0]):
        raise ImproperlyConfigured(
            f"{name} must be an absolute http:// or https:// address, not {value!r}."
        )
    return value


# Off unless asked for: `manage.py demo` and the test suite ask for it; production never does.
DEBUG = envbool("DEBUG", "False")

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-development-only-key-do-not-use-in-production"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # Full-text search fields (used on PostgreSQL; harmless on SQLite).
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "annotations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: it answers a locked-out sign-in with the lockout page.
    "axes.middleware.AxesMiddleware",
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins for one account,
# or from one address, further attempts are refused for AXES_COOLOFF_MINUTES (also on
# /admin/login/). A moderator unlocks an account from the admin's user list; on the command
# line: `python manage.py axes_reset_username NAME` (or axes_reset_ip, axes_reset).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "factcheck.sign_in.locked_out"
AXES_CLIENT_IP_CALLABLE = "factcheck.sign_in.client_address"
# How many proxies (load balancers) in front of the app append to X-Forwarded-For; 0 means
# clients connect directly and their connection's address is used.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

ROOT_URLCONF = "factcheck.urls"
WSGI_APPLICATION = "factcheck.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# SQLite by default so the demo needs no services; PostgreSQL (psycopg 3) in production.
DATABASES = {
    "default": dj_database_url.parse(
        # An empty DATABASE_URL (as an env file may leave it) means the default, as unset.
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and IMMEDIATE transactions keep concurrent writers from failing with "locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # Tests get a file too (one per test process), not a shared in-memory database: threads
    # in race tests then meet SQLite's real locking, as concurrent requests would.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"factcheck-test-{os.getpid()}.sqlite3")
    }
else:
    # The planner's default cost of a random page read (4) is for spinning disks: with it,
    # PostgreSQL scans every row of the claim index rather than use its GIN index for a word
    # in one claim in ten, twice as slow. 1.1 is PostgreSQL's advice for SSDs and cached data.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "options", f"-c random_page_cost={os.environ.get('POSTGRES_RANDOM_PAGE_COST', '1.1')}"
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

CSRF_FAILURE_VIEW = "annotations.views.errors.csrf_failure"

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "annotations:article-list"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
# Dates are written one way everywhere, pages and admin alike: factcheck/formats/en/.
FORMAT_MODULE_PATH = ["factcheck.formats"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Uploaded articles are read in memory; the text limit itself is enforced by the services.
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# Moderation notes go into the change reason, and they can be longer than 100 characters.
SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    # The organisation's logo may live on its own site (FACTCHECK_ORGANIZATION_LOGO, below).
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", "True")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # The __Host- prefix: browsers keep these cookies only if they are Secure, for the whole
    # site and set by this host itself, so no sibling subdomain can plant or override them.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes an anonymous request a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "annotations.api.pagination.CreatedCursorPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "annotations.api.exceptions.exception_handler",
}

# The organisation publishing the fact checks: named on the public pages and as the author of
# each ClaimReview. Its URL and logo are absolute http(s) addresses; left empty, the site's
# own address and the app's logo are used.
FACTCHECK_ORGANIZATION = os.environ.get("FACTCHECK_ORGANIZATION", "Fact-check desk")
FACTCHECK_ORGANIZATION_URL = envurl("FACTCHECK_ORGANIZATION_URL")
FACTCHECK_ORGANIZATION_LOGO = envurl("FACTCHECK_ORGANIZATION_LOGO")
if FACTCHECK_ORGANIZATION_LOGO:
    SECURE_CSP["img-src"].append(FACTCHECK_ORGANIZATION_LOGO)
# This site's own address (scheme and host), for absolute URLs made outside a request: the
# API addresses in webhook payloads.
FACTCHECK_SITE_URL = envurl("FACTCHECK_SITE_URL") or "http://127.0.0.1:8000"
# The rating each final verdict gets on the public pages and in ClaimReview's alternateName.
FACTCHECK_RATING_NAMES = {
    "supported": os.environ.get("FACTCHECK_RATING_SUPPORTED", "True"),
    "disputed": os.environ.get("FACTCHECK_RATING_DISPUTED", "False"),
    "unverified": os.environ.get("FACTCHECK_RATING_UNVERIFIED", "Unproven"),
}

# Background work: Django's Tasks framework with tasks stored in the database and run by
# `manage.py db_worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Webhooks go only to public addresses: a URL whose host resolves to a private, loopback or
# link-local address is refused when registered and when delivered, unless this is on (the
# test suite and `manage.py demo` turn it on, to deliver to a receiver on this machine).
WEBHOOK_ALLOW_PRIVATE = envbool("WEBHOOK_ALLOW_PRIVATE", "false")

# The statistics page shows figures computed in the background; older than this many
# seconds, a view asks for them to be computed again (and shows the older ones meanwhile).
FACTCHECK_STATISTICS_MAX_AGE = int(os.environ.get("FACTCHECK_STATISTICS_MAX_AGE", "60"))

# Whether new articles start under blind review (see annotations/blind.py); moderators
# turn it on or off per article.
FACTCHECK_BLIND_REVIEW = envbool("FACTCHECK_BLIND_REVIEW", "false")

# How many reviewers a new article needs (moderators change it per article).
FACTCHECK_REVIEWERS_NEEDED = int(os.environ.get("FACTCHECK_REVIEWERS_NEEDED", "2"))

SPECTACULAR_SETTINGS = {
    "TITLE": "Fact-check annotations API",
    "DESCRIPTION": "Articles, claims (spans), verdicts and exports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Verdict labels appear as `label` and `final_label`: one enum in the schema, not two.
    "ENUM_NAME_OVERRIDES": {
        "LabelEnum": "annotations.models.Label",
        "RelationEnum": "annotations.models.ClaimLink.Relation",
    },
    # Error responses on every operation, and bodies that admit no unknown keys.
    "POSTPROCESSING_HOOKS": ["annotations.api.schema.document_errors"],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
