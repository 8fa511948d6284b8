"""Settings, read from environment variables (12-factor); bad values fail loudly at start-up."""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from influencer50.monitoring.logs import FORMATS as log_formats
from influencer50.monitoring.logs import logging_config

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: str) -> list[str]:
    """A comma-separated list; blanks around and between the commas are dropped."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. Set it in the environment, or set DEBUG=true for development."
        )
    SECRET_KEY = "development-only-insecure-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "identification",
    "surveys",
    "engagement",
]

MIDDLEWARE = [
    # /healthz, /readyz and /metrics, answered before the HTTPS redirect and the host check.
    "influencer50.monitoring.middleware.OperationalEndpointsMiddleware",
    # A request id on every log line of the request (and in the X-Request-ID response header).
    "log_request_id.middleware.RequestIDMiddleware",
    "influencer50.monitoring.middleware.RequestMetricsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # The app serves its own static files (no CDN, no separate web server needed).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # No answer lets a bidirectional control reorder what the page shows.
    "influencer50.middleware.BidiControlsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "influencer50.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "influencer50.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests and the eager task runner share one file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Third-party assets come from npm packages pinned by package-lock.json, served as-is.
# (NODE_MODULES_DIR: a path relative to this project's folder, or absolute.)
NODE_MODULES = BASE_DIR / (os.environ.get("NODE_MODULES_DIR") or "node_modules")
FRONTEND_PACKAGES = {
    "vendor/bootstrap": NODE_MODULES / "bootstrap" / "dist",
    "vendor/htmx": NODE_MODULES / "htmx.org" / "dist",
}
# A package that is not installed is left out: staticfiles would warn about it before every
# command, scripts included. influencer50/checks.py says so where pages are served instead.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    *((prefix, path) for prefix, path in FRONTEND_PACKAGES.items() if path.is_dir()),
]

WHITENOISE_USE_FINDERS = DEBUG

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "identification:home"
LOGOUT_REDIRECT_URL = "login"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Celery: with no broker configured, tasks run eagerly in the web process.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:
    # An eager task still takes a producer: from memory, not a warning about amqp://localhost.
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_RESULT_BACKEND = os.environ.get("CELERY_RESULT_BACKEND") or None
# A task is acknowledged only when it has finished, and given back to the queue when its worker
# process dies, so a lost worker loses no work (the tasks are safe to run twice).
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
# Rankings and imports have queues of their own (and workers of their own in docker-compose.yml),
# so a large import never holds up a ranking. Tasks without a route go to the default queue,
# which the rankings workers also serve.
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    "identification.tasks.compute_ranking": {"queue": "rankings"},
    "surveys.tasks.run_import_job": {"queue": "imports"},
}
# Beat's record of when each periodic job last ran (a volume of its own in docker-compose.yml).
CELERY_BEAT_SCHEDULE_FILENAME = str(BASE_DIR / "var" / "beat" / "celerybeat-schedule")

# What the "How the ranking is checked" page shows: the figures bench/validate.py wrote.
VALIDATION_REPORT = BASE_DIR / "docs" / "validation.json"

# The ranking: mode thresholds (share of weighted mentions through online channels).
RANKING_ONLINE_SHARE_ONLINE = env_float("RANKING_ONLINE_SHARE_ONLINE", 0.6)
RANKING_ONLINE_SHARE_OFFLINE = env_float("RANKING_ONLINE_SHARE_OFFLINE", 0.3)
RANKING_BOOTSTRAP_REPLICATES = env_int("RANKING_BOOTSTRAP_REPLICATES", 200)
# A run still "running" after this long is taken as dead and marked failed on the next trigger.
RANKING_RUN_TIMEOUT_SECONDS = env_int("RANKING_RUN_TIMEOUT_SECONDS", 30 * 60)
# Debounce: automatic runs after evidence changes wait this long so a burst of edits is one run.
RANKING_AUTO_DELAY_SECONDS = env_int("RANKING_AUTO_DELAY_SECONDS", 60)
# Without a broker an automatic run is computed in the request that saved the evidence:
# only while the study has at most this many mentions (0.1 s at the demo's 300, seconds
# at a million). Above it the study page says the ranking is out of date and offers the button.
RANKING_INLINE_MAX_MENTIONS = env_int("RANKING_INLINE_MAX_MENTIONS", 20_000)

# Imports.
IMPORT_MAX_UPLOAD_BYTES = env_int("IMPORT_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
IMPORT_BACKGROUND_ROWS = env_int("IMPORT_BACKGROUND_ROWS", 5000)
IMPORT_BATCH_SIZE = env_int("IMPORT_BATCH_SIZE", 5000)
IMPORT_JOB_TIMEOUT_SECONDS = env_int("IMPORT_JOB_TIMEOUT_SECONDS", 30 * 60)
# Redis gives a task that was taken but never acknowledged (its worker was lost) to another worker
# after this long. It must exceed every task's time limit, or a slow task would be started twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int(
        "CELERY_VISIBILITY_TIMEOUT",
        max(RANKING_RUN_TIMEOUT_SECONDS, IMPORT_JOB_TIMEOUT_SECONDS) + 5 * 60,
    )
}
# Public survey links: submissions per client address (django-ratelimit's rate syntax).
SURVEY_RATE_LIMIT = os.environ.get("SURVEY_RATE_LIMIT", "20/h")
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "identification.api.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "identification.api.auth.TokenScopePermission",
    ],
    # JSON only: an interview's nested mentions have no form-encoded shape.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["identification.api.auth.TokenRateThrottle"],
    "DEFAULT_PAGINATION_CLASS": "identification.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "identification.api.schema.ApiSchema",
    "DEFAULT_VERSIONING_CLASS": None,
}
# Requests per token (or session user) and period: DRF's rate syntax, e.g. "600/min".
API_THROTTLE_RATE = os.environ.get("API_THROTTLE_RATE", "600/min")

SPECTACULAR_SETTINGS = {
    "TITLE": "Influencer50 API",
    "DESCRIPTION": (
        "Rankings and evidence of the studies you may see. Authenticate with a personal "
        "token from /account/tokens/ as `Authorization: Bearer <token>`."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from the drf-spectacular-sidecar package, served by the app (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "InfluencerKindEnum": "identification.models.choices.InfluencerKind",
        "EvidenceKindEnum": "identification.models.choices.EvidenceKind",
        "RespondentKindEnum": ["buyer", "influencer"],
    },
}

# The address of this site as others reach it, for links in webhook events.
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")
# Webhook deliveries: attempts in all, and the wait before each retry (doubling from this).
WEBHOOK_MAX_ATTEMPTS = env_int("WEBHOOK_MAX_ATTEMPTS", 6)
WEBHOOK_RETRY_BASE_SECONDS = env_int("WEBHOOK_RETRY_BASE_SECONDS", 30)
WEBHOOK_TIMEOUT_SECONDS = env_float("WEBHOOK_TIMEOUT_SECONDS", 10.0)

CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["CACHE_URL"],
        }
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
# Behind a proxy that terminates TLS: redirect plain HTTP to HTTPS (the health endpoints and
# /metrics are answered before the redirect), trusting the proxy's X-Forwarded-Proto.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Logs: one JSON object a line in production, readable lines in development (LOG_FORMAT).
LOG_FORMAT = os.environ.get("LOG_FORMAT") or ("text" if DEBUG else "json")
if LOG_FORMAT not in log_formats:
    raise ImproperlyConfigured(
        f"LOG_FORMAT must be one of {', '.join(log_formats)}, got {LOG_FORMAT!r}"
    )
LOGGING = logging_config(fmt=LOG_FORMAT, level=os.environ.get("LOG_LEVEL", "INFO").upper())
# django-log-request-id: take a proxy's X-Request-ID, else make one; log each request once.
LOG_REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
GENERATE_REQUEST_ID_IF_NOT_IN_HEADER = True
REQUEST_ID_RESPONSE_HEADER = "X-Request-ID"
LOG_REQUESTS = True

# /metrics answers only a scraper sending this as its bearer token (unset: metrics are off).
METRICS_TOKEN = os.environ.get("METRICS_TOKEN", "")
