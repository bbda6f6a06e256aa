"""Settings for the news archive.

Two modes, chosen by ``ARCHIVE_MODE``:

* ``embedded`` (the default): SQLite and a Whoosh index under ``ARCHIVE_DATA_DIR``, a secret
  key kept in that folder, and hosts limited to this machine. One command serves it.
* ``production``: ``SECRET_KEY`` and ``ALLOWED_HOSTS`` must come from the environment, cookies
  are secure and HSTS is on, so ``manage.py check --deploy`` passes.

Every value comes through ``config.env``, so a mistyped one is named in a one-line error.
Importing this module writes nothing: the entry points prepare the data folder and its key
beforehand (``config.embedded.prepare_data_dir``).
"""

from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.embedded import archive_mode, data_dir, embedded_secret_key
from config.env import env_bool, env_choice, env_int, env_list, env_str
from config.search_engines import haystack_connection

BASE_DIR = Path(__file__).resolve().parent.parent

ARCHIVE_MODE = archive_mode()
PRODUCTION = ARCHIVE_MODE == "production"

DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", default=False)

if PRODUCTION:
    missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not env_str(name, "")]
    if missing:
        raise ImproperlyConfigured(
            f"Production mode needs these environment variables: {', '.join(missing)}"
        )
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be off in production mode")
    SECRET_KEY = env_str("SECRET_KEY", "")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
else:
    SECRET_KEY = env_str("SECRET_KEY", "") or embedded_secret_key(DATA_DIR)
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "haystack",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI's files for /api/docs/, served from this site
    "csp",
    "axes",
    "archive",
]

MIDDLEWARE = [
    "archive.web.request_logging.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Pages and, in the embedded mode, static files go out gzipped. Django masks its CSRF token
    # afresh in every response, so compression gives BREACH nothing to guess at.
    "django.middleware.gzip.GZipMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "archive.workspace.access.PrivateArchiveMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "archive.web.index_unavailable.IndexUnavailableMiddleware",
    # Last: it runs the admin's writing views itself, in one transaction tried again while the
    # database is busy (archive/admin/writes.py).
    "archive.admin.writes.AdminWritesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR / 'archive.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the index worker and gunicorn workers read while an editor writes.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

FIXTURE_DIRS = [BASE_DIR / "fixtures"]
# dumpdata (and so backup_archive) keeps date-times to the microsecond.
SERIALIZATION_MODULES = {"json": "archive.ingest.exact_json"}

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# collectstatic fills STATIC_ROOT for production; the embedded mode serves from the finders.
STATIC_ROOT = env_str("STATIC_ROOT", BASE_DIR / "staticfiles" if PRODUCTION else None)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Without collectstatic (the embedded mode), WhiteNoise serves straight from the finders.
WHITENOISE_USE_FINDERS = not PRODUCTION

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "archive",
    }
}

HAYSTACK_CONNECTIONS = {
    "default": haystack_connection(env_str("SEARCH_URL", ""), DATA_DIR / "whoosh_index")
}
HAYSTACK_SIGNAL_PROCESSOR = "archive.search.indexing.QueuedSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 20

# Adding articles from the web (archive/ingest/fetch.py, archive/ingest/extract.py).
ARCHIVE_FETCH_TIMEOUT = env_int("ARCHIVE_FETCH_TIMEOUT", 10, minimum=1)  # seconds
ARCHIVE_MAX_PAGE_BYTES = env_int("ARCHIVE_MAX_PAGE_BYTES", 10 * 1024 * 1024, minimum=1)
# Only for tests and closed networks: lets the server fetch from private/loopback addresses.
ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES = env_bool("ARCHIVE_FETCH_ALLOW_PRIVATE_ADDRESSES")
# A pasted page may be as large as a fetched one; larger request bodies get Django's 400.
DATA_UPLOAD_MAX_MEMORY_SIZE = ARCHIVE_MAX_PAGE_BYTES + 1024 * 1024

# Story grouping (archive/stories/grouping.py): the days either side of an article searched for its
# story, and the score from which it joins one.
STORY_WINDOW_DAYS = 7
STORY_THRESHOLD = 0.20

# The researchers' workspace (archive/workspace/): accounts, saved searches, alerts, exports.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "home"
# A private archive: every page but sign-in, password reset, invitations, the health check and
# token addresses (private feeds, unsubscribe links) needs a signed-in account.
ARCHIVE_PRIVATE = env_bool("ARCHIVE_PRIVATE")
# The address e-mails link to (alerts are sent from cron, with no request to read it from).
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
EMAIL_BACKEND = env_choice(
    "EMAIL_BACKEND",
    "console",
    {
        "console": "django.core.mail.backends.console.EmailBackend",
        "file": "django.core.mail.backends.filebased.EmailBackend",
        "smtp": "django.core.mail.backends.smtp.EmailBackend",
    },
)
EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", DATA_DIR / "mail")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "News archive <archive@localhost>")
# Alerts (manage.py send_alerts): saved searches looked at per run, e-mails per user per day,
# articles listed per e-mail.
ALERT_SEARCHES_PER_RUN = env_int("ALERT_SEARCHES_PER_RUN", 500, minimum=1)
ALERT_EMAILS_PER_USER_PER_DAY = env_int("ALERT_EMAILS_PER_USER_PER_DAY", 20, minimum=1)
ALERT_ARTICLES_PER_EMAIL = 25
# An alert covers articles added up to this long ago, so saves still committing are not missed.
ALERT_COMMIT_MARGIN = timedelta(seconds=30)
# The most rows one CSV or JSON Lines export streams.
EXPORT_MAX_ROWS = env_int("EXPORT_MAX_ROWS", 10_000, minimum=1)

# Where the admin lives; production sites should pick their own (e.g. "editors-7f3k/").
ADMIN_URL = env_str("ADMIN_URL", "admin/").strip("/") + "/"
if ADMIN_URL == "/":
    raise ImproperlyConfigured("ADMIN_URL must be a path such as editors-7f3k/, not the root")

# django-axes: after 5 failed logins a username is locked out for an hour from that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(hours=1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
    # The container's HEALTHCHECK asks over plain HTTP from inside.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Everything is served from this origin and nothing runs inline, so no 'unsafe-inline'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "archive.web.request_logging.RequestContextFilter"}},
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_context)s] %(message)s"}
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["request_context"],
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # RequestLogMiddleware writes one line per request; this would repeat 4xx ones.
        "django.request": {"level": "ERROR"},
        # its start-up banner would open the output of every manage.py command
        "axes.apps": {"level": "WARNING"},
    },
}

# The read-only JSON API (archive/api/): JSON only, paginated, anonymous clients throttled.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_PAGINATION_CLASS": "archive.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_ANON_RATE", "120/minute"),
        "user": env_str("API_USER_RATE", "1200/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "News archive API",
    "DESCRIPTION": "Read-only access to the archive's articles, stories, entities and sources.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}
