"""Showup's only settings file. Every knob is an environment variable.

docs/configuration.md lists them all. Defaults suit a trial on one machine:
SQLite in ./var/, mail written to files; production sets DATABASE_URL,
SHOWUP_SECRET_KEY, SHOWUP_ALLOWED_HOSTS, SHOWUP_BASE_URL and SMTP.
"""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from showup.env import envbool, envint, envlist, envpath, envstr

PACKAGE_DIR = Path(__file__).resolve().parent
# Everything Showup writes (the database and its WAL, mail, keys) holds 1:1s or
# opens them: readable by its owner alone. Every start (the CLI, gunicorn, the
# worker) reads these settings first; files made before are fixed in core/apps.py.
os.umask(0o077)
DATA_DIR = envpath("SHOWUP_DATA_DIR", Path("var"))
DATA_DIR.mkdir(mode=0o700, parents=True, exist_ok=True)

DEBUG = envbool("SHOWUP_DEBUG", False)
HTTPS = envbool("SHOWUP_HTTPS", not DEBUG)
BASE_URL = envstr("SHOWUP_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
if urlsplit(BASE_URL).scheme not in ("http", "https"):
    raise ImproperlyConfigured(f"SHOWUP_BASE_URL={BASE_URL!r} must start with http:// or https://")
# Where open 1:1 pages hold their live stream (pages/stream.py), served by the ASGI
# server: empty when the reverse proxy sends the stream's path to it on this same
# origin; an origin of its own (`make run`: the port after gunicorn's) otherwise.
LIVE_URL = envstr("SHOWUP_LIVE_URL", "").rstrip("/")
if LIVE_URL and (urlsplit(LIVE_URL).scheme not in ("http", "https") or urlsplit(LIVE_URL).path):
    raise ImproperlyConfigured(
        f"SHOWUP_LIVE_URL={LIVE_URL!r} must be an origin alone, like http://127.0.0.1:8001"
    )


def _secret_key() -> str:
    """The configured key, or one generated once and kept in the data folder."""
    configured = envstr("SHOWUP_SECRET_KEY", "")
    if configured:
        return configured
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


SECRET_KEY = _secret_key()
# Several servers must share one key; a key generated in a data folder is this server's alone.
SECRET_KEY_CONFIGURED = bool(envstr("SHOWUP_SECRET_KEY", ""))
ALLOWED_HOSTS = envlist(
    "SHOWUP_ALLOWED_HOSTS", ["127.0.0.1", "localhost", urlsplit(BASE_URL).hostname or "localhost"]
)
CSRF_TRUSTED_ORIGINS = [BASE_URL]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "showup.core",
    "showup.people",
    "showup.accounts",
    "showup.mail",
    "showup.meetings",
    "showup.agendas",
    "showup.notes",
    "showup.actions",
    "showup.history",
    "showup.feedback",
    "showup.performance",
    "showup.careers",
    "showup.insights",
    "showup.notifications",
    "showup.scim",
    "showup.calendars",
    "showup.invitations",
    "showup.integrations",
    "showup.demo",
    "showup.api",
    # The API reference page serves its Swagger UI from ninja's static files, not a CDN.
    "ninja",
    "showup.sso",
    "showup.pages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "showup.core.middleware.InputGuardMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "showup.core.resend.ResendSafeMiddleware",
    "showup.core.middleware.ContentSecurityPolicyMiddleware",
    "showup.core.middleware.PersonTimezoneMiddleware",
]

ROOT_URLCONF = "showup.urls"
WSGI_APPLICATION = "showup.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "showup.core.context_processors.showup",
            ],
            "builtins": ["showup.core.templatetags.form_keys"],
        },
    },
]

FORM_RENDERER = "showup.core.forms.ShowupFormRenderer"

# Database: SQLite in the data folder unless DATABASE_URL names another one.
SQLITE_PRAGMAS = (
    "PRAGMA journal_mode=WAL;"
    "PRAGMA synchronous=NORMAL;"
    "PRAGMA temp_store=MEMORY;"
    "PRAGMA cache_size=-32000;"
    "PRAGMA mmap_size=134217728;"
)
SQLITE_OPTIONS = {
    # IMMEDIATE takes the write lock when a transaction starts, so two
    # writers queue on the busy timeout instead of failing mid-way.
    "transaction_mode": "IMMEDIATE",
    "timeout": envint("SHOWUP_SQLITE_TIMEOUT", 20, minimum=1),
    "init_command": SQLITE_PRAGMAS,
}
# Connections are kept between requests, so a request pays neither the connect
# nor (on SQLite) the PRAGMAs again.
DATABASE_CONN_MAX_AGE = envint("SHOWUP_DB_CONN_MAX_AGE", 600, minimum=0)
if envstr("DATABASE_URL", ""):
    DATABASES = {
        "default": dj_database_url.config(
            conn_max_age=DATABASE_CONN_MAX_AGE, conn_health_checks=True
        ),
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
        # A SQLite file named by URL (several processes on one machine) queues writers the same way.
        DATABASES["default"]["OPTIONS"] = dict(SQLITE_OPTIONS)
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "showup.sqlite3"),
            "OPTIONS": SQLITE_OPTIONS,
            # A file, not memory, so that tests run on SQLite as it runs in
            # production (WAL and all) and the browser tests' server thread
            # opens its own connection.
            "TEST": {"NAME": str(DATA_DIR / "test.sqlite3")},
            "CONN_MAX_AGE": DATABASE_CONN_MAX_AGE,
            "CONN_HEALTH_CHECKS": True,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "people.Person"
AUTHENTICATION_BACKENDS = [
    "showup.accounts.backends.EmailBackend",
    "showup.sso.backends.SsoBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "pages:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"
# Reset and invitation links: one use, and no longer than this.
PASSWORD_RESET_TIMEOUT = envint("SHOWUP_LINK_TIMEOUT_HOURS", 72, minimum=1) * 3600
SIGN_IN_MAX_FAILURES = envint("SHOWUP_SIGN_IN_MAX_FAILURES", 5, minimum=1)
SIGN_IN_LOCKOUT_MINUTES = envint("SHOWUP_SIGN_IN_LOCKOUT_MINUTES", 15, minimum=1)

# After a person's e-mail is changed (SCIM or an admin), no reset or invitation link goes to
# the new address for this long, so a changed address cannot take the account (docs/scim.md).
EMAIL_CHANGE_RESET_HOLD_HOURS = envint("SHOWUP_EMAIL_CHANGE_RESET_HOLD_HOURS", 72, minimum=0)

# Single sign-on with OpenID Connect (docs/sso.md). No issuer: passwords only.
SSO_ISSUER = envstr("SHOWUP_SSO_ISSUER", "")
SSO_CLIENT_ID = envstr("SHOWUP_SSO_CLIENT_ID", "")
SSO_CLIENT_SECRET = envstr("SHOWUP_SSO_CLIENT_SECRET", "")
SSO_ALLOWED_DOMAINS = envlist("SHOWUP_SSO_ALLOWED_DOMAINS", [])
SSO_EMAIL_CLAIM = envstr("SHOWUP_SSO_EMAIL_CLAIM", "email")
SSO_EMAIL_VERIFIED_CLAIM = envstr("SHOWUP_SSO_EMAIL_VERIFIED_CLAIM", "email_verified")
SSO_NAME_CLAIM = envstr("SHOWUP_SSO_NAME_CLAIM", "name")
SSO_SCOPES = envstr("SHOWUP_SSO_SCOPES", "openid email profile")
SSO_BUTTON_LABEL = envstr("SHOWUP_SSO_BUTTON_LABEL", "Sign in with single sign-on")
SSO_CREATE_PEOPLE = envbool("SHOWUP_SSO_CREATE_PEOPLE", False)
SSO_BREAK_GLASS_EMAIL = envstr("SHOWUP_SSO_BREAK_GLASS_EMAIL", "")
SSO_TIMEOUT_SECONDS = envint("SHOWUP_SSO_TIMEOUT", 10, minimum=1)

SESSION_COOKIE_AGE = envint("SHOWUP_SESSION_DAYS", 14, minimum=1) * 86400
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = envint("SHOWUP_HSTS_SECONDS", 31536000 if HTTPS else 0, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if envbool("SHOWUP_BEHIND_PROXY", False):
    # Only behind a proxy that sets this header itself; otherwise clients could forge it.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True
DEFAULT_TIMEZONE = envstr("SHOWUP_DEFAULT_TIMEZONE", "UTC")
# Occurrences are stored this far ahead, so that agendas can be prepared and
# every date in the calendar feed has a page in Showup.
SCHEDULE_DAYS_AHEAD = envint("SHOWUP_SCHEDULE_DAYS_AHEAD", 400, minimum=30)
# Reviews: the rating scale, lowest first; the lowest steps that count as low;
# and how long before a review a concern must have been raised in a 1:1.
REVIEW_RATINGS = envlist(
    "SHOWUP_REVIEW_RATINGS",
    ["Below expectations", "Partly meets", "Meets expectations", "Exceeds", "Far exceeds"],
)
REVIEW_LOW_RATINGS = envint("SHOWUP_REVIEW_LOW_RATINGS", 2, minimum=0)
NO_SURPRISE_DAYS = envint("SHOWUP_NO_SURPRISE_DAYS", 14, minimum=0)
# A 1:1 whose time passed this long ago with no outcome recorded counts as missed.
MISSED_AFTER_DAYS = envint("SHOWUP_MISSED_AFTER_DAYS", 7, minimum=1)
# Requests per minute each API token may make (showup/api); past it the API answers 429.
API_RATE_LIMIT = envint("SHOWUP_API_RATE_LIMIT", 120, minimum=1)

# Rendered parts of pages, per process. Every key names its reader and the
# stamps of what it shows (core/fragments.py), so an entry is never stale and
# never another person's; a process keeps at most this many.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": envint("SHOWUP_CACHE_ENTRIES", 2000, minimum=0)},
        "TIMEOUT": 3600,
    }
}

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
# Django's storage would chmod what it writes (collectstatic) to 0644 despite the umask.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
# Whitenoise also serves straight from the apps, so pages work before collectstatic.
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "showup.core.storage.StaticStorage"},
}

# Mail: real SMTP when SHOWUP_SMTP_HOST is set; otherwise each message is
# written to var/mail/ so that a trial install never loses a reset link.
EMAIL_HOST = envstr("SHOWUP_SMTP_HOST", "")
EMAIL_PORT = envint("SHOWUP_SMTP_PORT", 587, minimum=1)
EMAIL_HOST_USER = envstr("SHOWUP_SMTP_USER", "")
EMAIL_HOST_PASSWORD = envstr("SHOWUP_SMTP_PASSWORD", "")
EMAIL_USE_TLS = envbool("SHOWUP_SMTP_STARTTLS", EMAIL_PORT == 587)
EMAIL_USE_SSL = envbool("SHOWUP_SMTP_SSL", EMAIL_PORT == 465)
EMAIL_TIMEOUT = envint("SHOWUP_SMTP_TIMEOUT", 30, minimum=1)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set only one of SHOWUP_SMTP_STARTTLS and SHOWUP_SMTP_SSL.")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = DATA_DIR / "mail"
DEFAULT_FROM_EMAIL = envstr("SHOWUP_MAIL_FROM", "Showup <showup@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAIL_MAX_ATTEMPTS = envint("SHOWUP_MAIL_MAX_ATTEMPTS", 8, minimum=1)
# A worker's claim on a message or a job run holds this long and is renewed
# four times as often while the worker lives; a dead worker's work is taken
# over by another one this long after its last renewal.
WORKER_LEASE_SECONDS = envint("SHOWUP_WORKER_LEASE_SECONDS", 10, minimum=2)
# A worker rests this long between rounds (sending what is due, running due
# jobs): a message queued now leaves within one round, and a dead worker's
# claims are taken over within the lease and one round.
WORKER_ROUND_SECONDS = envint("SHOWUP_WORKER_ROUND_SECONDS", 5, minimum=1)
# Webhooks, chat, CalDAV and the sign-in provider (showup/core/outbound.py):
# private-network targets (and plain http to them) are refused unless allowed, so
# a URL cannot reach inward. SHOWUP_WEBHOOKS_ALLOW_PRIVATE is the deprecated name.
OUTBOUND_ALLOW_PRIVATE = envbool(
    "SHOWUP_OUTBOUND_ALLOW_PRIVATE", envbool("SHOWUP_WEBHOOKS_ALLOW_PRIVATE", DEBUG)
)
WEBHOOK_MAX_ATTEMPTS = envint("SHOWUP_WEBHOOK_MAX_ATTEMPTS", 30, minimum=1)
WEBHOOK_TIMEOUT_SECONDS = envint("SHOWUP_WEBHOOK_TIMEOUT_SECONDS", 5, minimum=1)

# CalDAV sync (docs/caldav.md). Fernet keys, comma separated, the first encrypts;
# with none set, a key of its own in the data folder, made at first need.
CALENDAR_KEYS = envlist("SHOWUP_CALENDAR_KEY", [])
CALENDAR_KEY_FILE = DATA_DIR / "calendar_key"
CALDAV_TIMEOUT_SECONDS = envint("SHOWUP_CALDAV_TIMEOUT", 20, minimum=1)
CALDAV_SYNC_MINUTES = envint("SHOWUP_CALDAV_SYNC_MINUTES", 5, minimum=1)

LOG_LEVEL = envstr("SHOWUP_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "showup.core.logs.RedactSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        # Error reports carry request data; they never leave the server by mail.
        "django": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["console"], "level": LOG_LEVEL, "propagate": False},
    },
}
ADMINS: list[tuple[str, str]] = []
