"""Django settings for steerco, driven by the environment.

STEERCO_ENV=dev (the default, and the demo) gives safe local defaults;
STEERCO_ENV=prod requires SECRET_KEY and ALLOWED_HOSTS and turns DEBUG off.
"""

from __future__ import annotations

import warnings
from datetime import time
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from steerco.env import env_bool, env_choice, env_int, env_list, env_str, env_time

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent

STEERCO_ENV = env_choice("STEERCO_ENV", ("dev", "prod"), "dev")
PRODUCTION = STEERCO_ENV == "prod"

DATA_DIR = Path(env_str("STEERCO_DATA_DIR") or PROJECT_DIR / "data").resolve()

SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when STEERCO_ENV=prod")
    SECRET_KEY = "dev-only-insecure-key-not-for-production"  # noqa: S105

if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5):
    raise ImproperlyConfigured("SECRET_KEY must be at least 50 random characters when STEERCO_ENV=prod")

# Off unless asked for, in the demo too: a visitor must never see a technical
# error page (STEERCO_DEBUG=1 for development).
DEBUG = env_bool("STEERCO_DEBUG", default=False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("STEERCO_DEBUG cannot be on when STEERCO_ENV=prod")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when STEERCO_ENV=prod")

# Demo mode creates the well-known demo logins; never on in production.
DEMO_MODE = env_bool("STEERCO_DEMO", default=False)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("STEERCO_DEMO cannot be on when STEERCO_ENV=prod")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "steerco.audit",
    "steerco.accounts",
    "steerco.units",
    "steerco.programmes",
    "steerco.indicators",
    "steerco.collection",
    "steerco.dashboard",
    "steerco.findings",
    "steerco.reports",
    "steerco.demo",
    "steerco.inspection",
    "steerco.followup",
    "steerco.proposals",
    "steerco.jobs",
    "steerco.drafts",
    "steerco.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "steerco.ops.hostile_input.RefuseHostileInput",  # NUL bytes → 400, ids beyond any column → 404
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "steerco.ops.middleware.NormaliseUnicode",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "steerco.accounts.access.AccessMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "steerco.ops.middleware.RenewActiveSessions",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

if PRODUCTION or not DEBUG:
    # Static files are served by the app itself (no CDN, no separate web
    # server needed); runserver serves them only with DEBUG on. Outside
    # production they are found in place, without collectstatic.
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    # Until `steerco serve` has collected them, STATIC_ROOT does not exist.
    warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")

ROOT_URLCONF = "steerco.urls"
WSGI_APPLICATION = "steerco.wsgi.application"

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
                "django.template.context_processors.i18n",
            ],
            # `day` and `moment`: dates as the Party writes them, on every page
            "builtins": ["steerco.dates"],
        },
    },
]

# --- database ---------------------------------------------------------------
_DEFAULT_DB_URL = f"sqlite:///{DATA_DIR / 'steerco.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env_str("DATABASE_URL") or _DEFAULT_DB_URL, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while one writer commits; IMMEDIATE takes the
    # write lock at BEGIN so two writers queue instead of deadlocking.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": env_int("STEERCO_SQLITE_TIMEOUT", 20),  # seconds a writer waits for the lock
    }
    # Connections are kept between requests (60 s, as on PostgreSQL): a new
    # SQLite connection parses the whole schema (every table, index and the
    # data version's triggers) at its first query, about 4 ms of CPU, more
    # than a kept page costs to serve (docs/performance.md). Idle, a kept
    # connection holds no lock and no snapshot (autocommit); `steerco
    # restore` writes through the backup API into the same file, which
    # kept connections see.

# A read replica, opt-in (docs/deploy.md, "A city"): safe requests read from
# it, writes and transactions stay on the primary (steerco/ops/replica.py).
# In tests the replica is a mirror of the test database.
DATABASE_REPLICA_URL = env_str("DATABASE_REPLICA_URL") or ""
REPLICA_PIN_SECONDS = env_int("STEERCO_REPLICA_PIN_SECONDS", 10)
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60)
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.sqlite3":
        DATABASES["replica"]["OPTIONS"] = dict(DATABASES["default"].get("OPTIONS", {}))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["steerco.ops.replica.ReplicaRouter"]
    MIDDLEWARE.insert(
        MIDDLEWARE.index("django.contrib.sessions.middleware.SessionMiddleware"), "steerco.ops.replica.ReadFromReplica"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Fernet keys (newest first) that encrypt personal data at rest; see
# steerco/inspection/crypto.py. Development derives one from SECRET_KEY.
FIELD_ENCRYPTION_KEYS = env_list("STEERCO_FIELD_KEYS", [])
if PRODUCTION and not FIELD_ENCRYPTION_KEYS:
    raise ImproperlyConfigured("STEERCO_FIELD_KEYS must be set when STEERCO_ENV=prod")

# --- cache -------------------------------------------------------------------
# What pages keep under the data version (steerco.dashboard.kept): local
# memory in each process by default; "redis" shares one cache between the
# processes and servers (REDIS_URL, as for the RQ job queue). Freshness never
# depends on the cache: a write advances the version, and the next page
# computes again (docs/architecture.md).
CACHE = env_choice("STEERCO_CACHE", ("locmem", "redis"), "locmem")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 500}}
    if CACHE == "locmem"
    else {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL", "redis://127.0.0.1:6379/0"),
    }
}

# --- auth -------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses logins while locked out
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling: after AXES_FAILURE_LIMIT failures for one username from
# one address, that pair waits AXES_COOLOFF_TIME hours.
AXES_FAILURE_LIMIT = env_int("STEERCO_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("STEERCO_LOGIN_COOLOFF_MINUTES", 15) / 60
# ... and an address after LOGIN_ADDRESS_FAILURE_LIMIT failures whatever the
# user names (steerco.ops.login_throttle).
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("STEERCO_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "steerco.ops.login_throttle.TwoLimitHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "ops/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "steerco.ops.security.client_ip"
AXES_USERNAME_CALLABLE = "steerco.ops.security.client_username"
STEERCO_PROXY_COUNT = env_int("STEERCO_PROXY_COUNT", 0)  # trusted proxies that append to X-Forwarded-For
# Idle sessions end after STEERCO_SESSION_IDLE_MINUTES (renewed by activity,
# see steerco.ops.middleware) and when the browser closes.
SESSION_COOKIE_AGE = env_int("STEERCO_SESSION_IDLE_MINUTES", 60) * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

# --- API -------------------------------------------------------------------
API_TOKEN_DAYS = env_int("STEERCO_API_TOKEN_DAYS", 90)  # a new API token's lifetime
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "steerco.accounts.tokens.ApiTokenAuthentication",  # the user's own tokens (accounts.ApiToken)
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "DEFAULT_PARSER_CLASSES": [
        "steerco.ops.parsers.NFCJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "PAGE_SIZE": 100,
    # One error shape for the whole API (docs/api.md).
    "EXCEPTION_HANDLER": "steerco.api_errors.handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "steerco API",
    "DESCRIPTION": "Programmes, units, indicators and values. Token auth: 'Authorization: Token <key>'.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],  # the schema too needs a login
    # One name per choice set, so that `check --deploy` (drf-spectacular's
    # schema check) is clean.
    "ENUM_NAME_OVERRIDES": {
        "ValueStatusEnum": "steerco.indicators.models.value.ValueStatus",
        "FindingStatusEnum": "steerco.findings.models.status.Status",
        "ProposalStatusEnum": "steerco.proposals.models.status.Status",
        "ProposalKindEnum": "steerco.proposals.models.item.Kind",
    },
}

# --- i18n -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates in one format in both languages: 15/7/2023, the Party's rule
# (steerco.lib.numbers.fmt_day; Django's own formats in steerco/lib/formats).
FORMAT_MODULE_PATH = "steerco.lib.formats"
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

# --- static -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = DATA_DIR / "media"

# --- security ---------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_SSL_REDIRECT = env_bool("STEERCO_SSL_REDIRECT", default=PRODUCTION)
if env_bool("STEERCO_BEHIND_TLS_PROXY", default=False):
    # Only when a proxy that terminates TLS sets this header (and strips it from clients).
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# HSTS is opt-in: turn it on once the whole host is served over HTTPS.
SECURE_HSTS_SECONDS = env_int("STEERCO_HSTS_SECONDS", 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("STEERCO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env_bool("STEERCO_HSTS_PRELOAD", default=False)
# HSTS, its subdomain scope and browser preloading are the operator's
# deliberate choices (hard to undo), so their absence is not a warning here.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_SECONDS else ["security.W004"]
SILENCED_SYSTEM_CHECKS += [] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]
SILENCED_SYSTEM_CHECKS += [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# --- email (reminders) ---------------------------------------------------------
# SMTP when STEERCO_EMAIL_HOST is set; otherwise mail is printed (demo, dev).
# Tests use Django's locmem backend automatically.
EMAIL_HOST = env_str("STEERCO_EMAIL_HOST", "") or ""
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("STEERCO_EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("STEERCO_EMAIL_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("STEERCO_EMAIL_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("STEERCO_EMAIL_TLS", default=True)
DEFAULT_FROM_EMAIL = env_str("STEERCO_EMAIL_FROM", "steerco <noreply@localhost>")
# The job worker starts the day's reminders (`steerco remind`) once this time
# of day (TIME_ZONE) has passed: "HH:MM", or "off". Off in the demo unless set
# there: the demo's data is of 2023, and the demo chases by hand with
# `steerco remind --today ...` (docs/followup.md, "Scheduling").
REMIND_AT = env_time("STEERCO_REMIND_AT", None if DEMO_MODE else time(7, 0))
# The job worker closes the rounds that close at their deadline once this
# time of day has passed (docs/data-collection.md, "Closing a round"):
# "HH:MM", or "off". Off in the demo unless set there, for the same reason.
CLOSE_ROUNDS_AT = env_time("STEERCO_CLOSE_ROUNDS_AT", None if DEMO_MODE else time(0, 30))
# The key that signs issued reports (docs/reports.md, "Signing"): a PKCS#12
# file, or a PKCS#11 token (a CA's USB token, an HSM). Neither: reports are
# issued unsigned, except in the demo, which makes a test certificate.
# TRUST: comma-separated PEM/DER certificates trusted when verifying.
SIGNING = {
    "PKCS12": env_str("STEERCO_SIGN_PKCS12", "") or "",
    "PKCS12_PASSWORD": env_str("STEERCO_SIGN_PKCS12_PASSWORD", "") or "",
    "PKCS11_MODULE": env_str("STEERCO_SIGN_PKCS11_MODULE", "") or "",
    "PKCS11_TOKEN": env_str("STEERCO_SIGN_PKCS11_TOKEN", "") or "",
    "PKCS11_KEY": env_str("STEERCO_SIGN_PKCS11_KEY", "") or "",
    "PKCS11_CERT": env_str("STEERCO_SIGN_PKCS11_CERT", "") or "",
    "PKCS11_PIN": env_str("STEERCO_SIGN_PKCS11_PIN", "") or "",
    "TRUST": [p for p in (env_str("STEERCO_SIGN_TRUST", "") or "").split(",") if p.strip()],
}
# Links in reminders point here (the demo's address by default).
STEERCO_BASE_URL = (env_str("STEERCO_BASE_URL", "") or f"http://127.0.0.1:{env_str('PORT', '8000')}").rstrip("/")

# Content Security Policy: only our own scripts and styles (htmx is served
# from the django-htmx package), no inline code, no framing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# --- background jobs (steerco.jobs) --------------------------------------------
# The database queue needs no extra service; RQ on Redis is the scale-out
# option; "immediate" runs jobs inside the request (no worker; small sites).
JOBS_BACKEND = env_choice("STEERCO_JOBS_BACKEND", ("db", "rq", "immediate"), "db")
JOBS_RETRY_DELAY = env_int("STEERCO_JOBS_RETRY_DELAY", 30)  # seconds, times the attempt number
TASK_BACKEND_CLASSES = {
    "db": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKEND_CLASSES[JOBS_BACKEND]}}
if JOBS_BACKEND == "rq":
    # Only with the RQ queue: django_rq loads redis and asyncio, a sixth of
    # every command's start-up (issue 21). The worker runs RQ's command by
    # its class, so it needs no installed app.
    INSTALLED_APPS.insert(INSTALLED_APPS.index("django_tasks_db") + 1, "django_rq")
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
JOBS_TIMEOUT = env_int("STEERCO_JOBS_TIMEOUT", 3600)  # seconds; RQ's limit for one job
# A running job's worker writes a heartbeat every JOBS_HEARTBEAT_SECONDS; a
# job whose heartbeat is older than JOBS_STALE_SECONDS is taken as abandoned
# (its worker died) and re-queued or failed by the next worker check.
JOBS_HEARTBEAT_SECONDS = env_int("STEERCO_JOBS_HEARTBEAT_SECONDS", 10)
JOBS_STALE_SECONDS = env_int("STEERCO_JOBS_STALE_SECONDS", 30)
RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": JOBS_TIMEOUT}}

# Logs carry no personal data: e-mail addresses, phone and ID numbers and IP
# addresses are masked, and axes (which names the user) logs errors only;
# its database records are the audit of failed logins.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "steerco.ops.logging.RedactPersonalData"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["redact"]}},
    "root": {"handlers": ["console"], "level": env_str("STEERCO_LOG_LEVEL", "WARNING")},
    "loggers": {"axes": {"level": "ERROR"}},
}
