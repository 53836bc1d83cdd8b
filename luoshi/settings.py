"""The one settings module. Everything that differs between machines comes from the environment.

Demo mode (LUOSHI_DEMO=1, set by ``luoshi demo`` and the tests) runs with nothing configured: an
SQLite database in the data folder and a secret key generated there. Outside demo mode a real
SECRET_KEY (or SECRET_KEY_FILE) is required and the deploy checks apply.
"""

from __future__ import annotations

import secrets
import sys
from datetime import timedelta
from importlib.util import find_spec
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

from luoshi.lib.env import ConfigError, env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(env_str("LUOSHI_DATA_DIR", str(Path.cwd() / "data"))).resolve()
DEMO = env_bool("LUOSHI_DEMO", False)
DEBUG = env_bool("DEBUG", False)
TESTING = env_bool("LUOSHI_TESTING", "pytest" in sys.modules)


def _secret_key() -> str:
    key = env_str("SECRET_KEY")
    if key:
        if not (DEMO or DEBUG or TESTING) and (len(key) < 50 or len(set(key)) < 5):
            raise ConfigError("SECRET_KEY must be at least 50 characters with at least 5 distinct ones")
        return key
    if TESTING:
        return "luoshi-tests-only-" + "x" * 40
    if not (DEMO or DEBUG):
        raise ConfigError(
            "SECRET_KEY (or SECRET_KEY_FILE) is required outside demo mode; "
            "generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))'"
        )
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    key_file = DATA_DIR / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_urlsafe(64), encoding="utf-8")
        key_file.chmod(0o600)
    return key_file.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if (DEMO or DEBUG or TESTING) else []
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "luoshi.web.apps.AdminConfig",  # the admin, its modules imported with its URLs (luoshi/urls.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "treebeard",
    "simple_history",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "luoshi.organisations",
    "luoshi.accounts",
    "luoshi.plans",
    "luoshi.web",
    "luoshi.ledger",
    "luoshi.api",
    "luoshi.ingest.app",
    "luoshi.reports",
    "luoshi.status",
    "luoshi.notifications",
    "luoshi.notices",
    "luoshi.dashboard",
    "luoshi.bulletins",
    "luoshi.assessment",
    "luoshi.dispatch",
    "luoshi.history",
    "luoshi.search",
    "luoshi.comments",
    "luoshi.timeline",
    "luoshi.calendar",
    "luoshi.years",
    "luoshi.todo",
    "luoshi.public",
    "luoshi.commands",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "luoshi.web.security.SecurityHeadersMiddleware",
    "luoshi.web.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "luoshi.web.security.RateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so that it sees the sign-in's outcome and answers a locked one with the reason.
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "luoshi.accounts.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "luoshi.urls"
WSGI_APPLICATION = "luoshi.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "login"

# django-ninja is not an installed app: that would import it, pydantic with it, when the server starts
# (the API is built on its first request, see luoshi/urls.py). Its templates and static files (the
# API's docs page, served without any CDN) are found from its folder, which finding does not import.
NINJA_DIR = Path(find_spec("ninja").origin).parent  # type: ignore[union-attr,arg-type]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [NINJA_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "luoshi.web.context.luoshi",
            ],
        },
    }
]

DATA_DIR_DB = DATA_DIR / "luoshi.sqlite3"
if not env_str("DATABASE_URL"):
    DATA_DIR.mkdir(parents=True, exist_ok=True)
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{DATA_DIR_DB}"), conn_max_age=env_int("CONN_MAX_AGE", 60)
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env_int("PASSWORD_MIN_LENGTH", 8)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# The default cache is per process; "shared" is in the database, seen by every app server (its table
# is made by `luoshi migrate`). The rate limits count in a table of their own (luoshi.web.models).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "luoshi_cache"},
}
# Proxies in front of the app servers that append to X-Forwarded-For (nginx: 1). Addresses for
# the sign-in lockout and the rate limits are read through them; 0 trusts no header.
LUOSHI_TRUSTED_PROXIES = env_int("LUOSHI_TRUSTED_PROXIES", 0)

# Sign-in lockout (django-axes, luoshi/accounts/lockout.py): per account and, higher, per address.
AXES_FAILURE_LIMIT = env_int("LOCKOUT_ACCOUNT_FAILURES", 10)
LUOSHI_LOCKOUT_ADDRESS_LIMIT = env_int("LOCKOUT_ADDRESS_FAILURES", 50)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "luoshi.accounts.lockout.LockoutHandler"
AXES_LOCKOUT_CALLABLE = "luoshi.accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "luoshi.accounts.lockout.request_address"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# Requests per minute: the API per token (or signed-in user, or address), sign-in posts per address.
# The tests raise the defaults out of reach and set small ones where they test the limit.
LUOSHI_API_RATE_LIMIT = env_int("API_RATE_PER_MINUTE", 1_000_000 if TESTING else 600)
LUOSHI_LOGIN_RATE_LIMIT = env_int("LOGIN_RATE_PER_MINUTE", 1_000_000 if TESTING else 60)

# No inline script and no script from elsewhere. Inline style attributes (data-driven widths and
# indents, the chart's tooltips) are allowed; style elements only from the app's own files.
LUOSHI_CONTENT_SECURITY_POLICY = env_str(
    "CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self'; style-src-attr 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; "
    "base-uri 'self'; form-action 'self'; frame-ancestors 'none'",
)
LUOSHI_PERMISSIONS_POLICY = env_str(
    "PERMISSIONS_POLICY",
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), magnetometer=(), gyroscope=(), "
    "accelerometer=(), display-capture=()",
)
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [
    ("zh-hans", _("Simplified Chinese")),
    ("zh-hant", _("Traditional Chinese")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [NINJA_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(DATA_DIR / "static")))
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(DATA_DIR / "media")))
# Report attachments live outside the web root and are served only through an access-checked view.
ATTACHMENTS_ROOT = Path(env_str("ATTACHMENTS_ROOT", str(DATA_DIR / "attachments")))
ATTACHMENT_MAX_BYTES = env_int("ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production compresses and fingerprints ahead of time (collectstatic); the demo and the
        # tests serve the app folders' files directly, so starting the demo costs no compression.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (TESTING or DEMO)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
if TESTING or DEMO:
    WHITENOISE_USE_FINDERS = True
if TESTING:
    WHITENOISE_AUTOREFRESH = True

# Whole-request cap, checked before the body is read (uploads of attachments and ledgers included).
LUOSHI_MAX_REQUEST_BYTES = env_int("LUOSHI_MAX_REQUEST_MB", 50) * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 20000

TASKS = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"
        if TESTING
        else "django_tasks_db.DatabaseBackend"
    }
}

# A task still RUNNING whose worker has not beaten for this long (the worker died) is run again.
LUOSHI_TASK_LEASE_SECONDS = env_int("LUOSHI_TASK_LEASE_SECONDS", 300)

EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if (DEMO or DEBUG)
    else (
        "django.core.mail.backends.locmem.EmailBackend"
        if TESTING
        else "django.core.mail.backends.smtp.EmailBackend"
    ),
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "luoshi@localhost")
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# Outgoing channels (notifications room): the SMS provider's adapter (a class with send(phone, text)),
# and the site's public address, put in front of the links that channels carry.
LUOSHI_SMS_GATEWAY = env_str("LUOSHI_SMS_GATEWAY", "luoshi.notifications.channels.ConsoleSmsGateway")
LUOSHI_SITE_URL = env_str("LUOSHI_SITE_URL", "")
# Whether channels may post to loopback and private addresses (an intranet's own webhook receiver).
LUOSHI_CHANNEL_PRIVATE_HOSTS = env_bool("LUOSHI_CHANNEL_PRIVATE_HOSTS", False)

# Production hardening; the proxy in front terminates TLS.
if not (DEMO or DEBUG or TESTING):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"
SILENCED_SYSTEM_CHECKS = ["security.W021"] if not env_bool("SECURE_HSTS_PRELOAD", False) else []

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
