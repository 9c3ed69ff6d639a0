"""
Settings of the django-lambda sample project.

Everything that differs between environments comes from environment variables: the stack sets
them on the Lambda function, the delivery pipeline's CodeBuild projects set their own for the
management commands, and a developer sets them by hand (README.md, "Environment variables").
Nothing secret is written here: SECRET_KEY is read at start-up from the parameter that
SECRET_KEY_ARN names, and the database password either comes from DB_PASSWORD (migrations, local
development) or is an IAM authentication token made for each new connection (config/db/base.py).
"""

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from config.secret_key import load_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

# Lambda sets AWS_LAMBDA_FUNCTION_NAME in every execution environment; nothing else here does.
IN_LAMBDA = "AWS_LAMBDA_FUNCTION_NAME" in os.environ


def _env_list(name: str) -> list[str]:
    """A comma-separated variable as a list, blanks dropped."""
    return [item.strip() for item in os.environ.get(name, "").split(",") if item.strip()]


# "staging" or "production" in the stack; "development" on a developer's machine.
APP_ENV = os.environ.get("APP_ENV", "development")

# Never in the function nor in a deployed environment, whatever DJANGO_DEBUG says.
DEBUG = os.environ.get("DJANGO_DEBUG") == "1" and not IN_LAMBDA and APP_ENV not in ("staging", "production")


def _secret_key() -> str:
    """
    Django's SECRET_KEY. The rule: the key comes from SECRET_KEY_ARN (an SSM SecureString
    parameter, or a Secrets Manager secret), read once when the settings load, that is once per
    Lambda execution environment. Only a management command started through manage.py (which
    sets DJANGO_MANAGEMENT_COMMAND=1) and running outside Lambda may go without it: it gets a
    random key that lives as long as its process. migrate and collectstatic sign nothing, so
    they need no stable key. There is no default key anywhere, so none can leak or be reused.
    """
    arn = os.environ.get("SECRET_KEY_ARN", "")
    if arn:
        return load_secret_key(arn)
    if os.environ.get("DJANGO_MANAGEMENT_COMMAND") == "1" and not IN_LAMBDA:
        return secrets.token_urlsafe(50)
    raise ImproperlyConfigured(
        "SECRET_KEY_ARN is not set: the function reads Django's SECRET_KEY from that SSM parameter "
        "(or Secrets Manager secret); management commands run through manage.py may go without it"
    )


SECRET_KEY = _secret_key()

# The hosts Django answers for, e.g. ".execute-api.us-east-1.amazonaws.com" (a leading dot
# matches every subdomain) and the API's custom domain.
ALLOWED_HOSTS = _env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if IN_LAMBDA:
        raise ImproperlyConfigured(
            "DJANGO_ALLOWED_HOSTS is empty: give the API's host names, comma-separated, "
            'e.g. ".execute-api.us-east-1.amazonaws.com"'
        )
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]

INSTALLED_APPS = [
    "django.contrib.staticfiles",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    # On for every view that does not opt out: the API's views are csrf_exempt because they take
    # no cookies (api/views.py); a view added later that reads a session is protected.
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"
# The routes have no trailing slash ("api/notes"); do not redirect POSTs to a slashed URL.
APPEND_SLASH = False

# --- Database -------------------------------------------------------------------------------
#
# PostgreSQL over TLS. Without DB_PASSWORD (the function, as app_user) the backend in
# config/db/ asks boto3 for an IAM authentication token each time it opens a connection.
#
# TLS: "require" encrypts but does not check the server's certificate, since the Lambda image
# holds no RDS certificate authority. With the RDS global bundle at rds-ca.pem beside manage.py
# (the delivery pipeline's build downloads it into the package) the connection checks the
# certificate and the host name ("verify-full"). DB_SSLMODE overrides both, e.g. "disable" for a
# local PostgreSQL without TLS (IAM authentication refuses anything below "require").
RDS_CA_BUNDLE = BASE_DIR / "rds-ca.pem"
DB_SSLMODE = os.environ.get("DB_SSLMODE") or ("verify-full" if RDS_CA_BUNDLE.is_file() else "require")

_db_options: dict[str, object] = {
    "sslmode": DB_SSLMODE,
    # Fail within seconds when the database cannot be reached, well inside API Gateway's 30 s.
    "connect_timeout": 5,
}
if DB_SSLMODE in ("verify-ca", "verify-full"):
    _db_options["sslrootcert"] = str(RDS_CA_BUNDLE)
if IN_LAMBDA:
    # API Gateway stops waiting at 30 s (the function at 29): a statement still running past
    # 25 s is work nobody waits for. Not for the migrations, whose index builds may take longer.
    _db_options["options"] = "-c statement_timeout=25000"

DATABASES = {
    "default": {
        "ENGINE": "config.db",
        "HOST": os.environ.get("DB_HOST", "localhost"),
        "PORT": os.environ.get("DB_PORT", "5432"),
        "NAME": os.environ.get("DB_NAME", "app"),
        "USER": os.environ.get("DB_USER", "app"),
        # Set in CodeBuild (the master user's, for migrate) and for local development; empty in
        # the function, where the backend puts an IAM token in its place.
        "PASSWORD": os.environ.get("DB_PASSWORD", ""),
        # 0: one connection per request, closed when the response is sent. Under ASGI, Django
        # runs each request's code in a thread of its own, so a persistent connection
        # (CONN_MAX_AGE > 0) is never reused and stays open until garbage collection: Django's
        # documentation says to turn persistent connections off with ASGI. An execution
        # environment serves one request at a time, so it still holds one connection at most.
        "CONN_MAX_AGE": 0,
        "OPTIONS": _db_options,
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Static files and media -----------------------------------------------------------------

# collectstatic runs in the build stage; the pipeline syncs STATIC_ROOT to the site bucket's
# static/ folder, which the site's distribution serves at STATIC_URL: the site's URL and
# /static/. Given as STATIC_URL, or as the site's URL alone (SITE_URL).
_site_url = os.environ.get("SITE_URL", "").rstrip("/")
STATIC_URL = os.environ.get("STATIC_URL") or (f"{_site_url}/static/" if _site_url else "/static/")
if not STATIC_URL.endswith("/"):
    raise ImproperlyConfigured(f"STATIC_URL must end with a slash, e.g. https://d111.cloudfront.net/static/; got {STATIC_URL!r}")
# A relative path is taken from this folder (where manage.py is).
STATIC_ROOT = BASE_DIR / os.environ.get("STATIC_ROOT", "build/static")

# The bucket browsers upload to with the presigned POSTs of POST /api/uploads.
MEDIA_BUCKET = os.environ.get("MEDIA_BUCKET", "")
# Uploads land under this prefix; a processing step moves checked files to media/, which the
# site serves (see the media-bucket module's README).
UPLOAD_PREFIX = "uploads/"
UPLOAD_MAX_BYTES = 10 * 1024 * 1024
UPLOAD_URL_EXPIRES_SECONDS = 300
UPLOAD_CONTENT_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif", "application/pdf")

# Lambda sets AWS_REGION; boto3 falls back to AWS_DEFAULT_REGION elsewhere.
AWS_REGION = os.environ.get("AWS_REGION") or os.environ.get("AWS_DEFAULT_REGION", "")

# --- Internationalisation and security ------------------------------------------------------

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

SECURE_CONTENT_TYPE_NOSNIFF = True
if IN_LAMBDA:
    # API Gateway serves HTTPS only (Mangum takes the scheme from X-Forwarded-Proto): these cost
    # nothing there and keep browsers on HTTPS for the API's host. Not on a laptop's plain HTTP.
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_SECURE = not DEBUG

# --- Logging --------------------------------------------------------------------------------
#
# JSON lines. In Lambda the runtime has already put a handler on the root logger that writes
# JSON (the function's log format) with the request id: Django's loggers propagate to it, and
# the root logger is left alone (configuring it would remove that handler). Elsewhere
# (CodeBuild, a laptop) the root logger writes JSON lines to stdout.
_LEVELS = {"TRACE": "DEBUG", "DEBUG": "DEBUG", "INFO": "INFO", "WARN": "WARNING", "WARNING": "WARNING", "ERROR": "ERROR", "FATAL": "CRITICAL", "CRITICAL": "CRITICAL"}
_level_name = (os.environ.get("LOG_LEVEL") or os.environ.get("AWS_LAMBDA_LOG_LEVEL") or "INFO").upper()
if _level_name not in _LEVELS:
    raise ImproperlyConfigured(f"LOG_LEVEL must be one of {', '.join(_LEVELS)}; got {_level_name!r}")
LOG_LEVEL = _LEVELS[_level_name]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "config.json_logging.JsonLinesFormatter"}},
    "handlers": {"stdout": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "json"}},
    "loggers": {
        # No handlers of their own: they propagate to the root logger's.
        "django": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "django.server": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "mangum": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "api": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
        "config": {"level": LOG_LEVEL, "handlers": [], "propagate": True},
    },
}
if not IN_LAMBDA:
    LOGGING["root"] = {"level": "WARNING", "handlers": ["stdout"]}
