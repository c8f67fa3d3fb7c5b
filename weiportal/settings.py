"""Settings for the WEI good-practice portal, read from the environment.

Development defaults are safe on a laptop. With DJANGO_DEBUG=false (production), a real
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS are required, and the security headers are on.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

DEVELOPMENT_SECRET_KEY = "insecure-development-key-do-not-use-in-production"  # noqa: S105


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
ALLOWED_HOSTS = env_list(
    "DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else []
)

if not DEBUG:
    if not SECRET_KEY or SECRET_KEY == DEVELOPMENT_SECRET_KEY:
        raise ImproperlyConfigured("Set DJANGO_SECRET_KEY when DJANGO_DEBUG is off.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("Set DJANGO_ALLOWED_HOSTS when DJANGO_DEBUG is off.")

INSTALLED_APPS = [
    # The site-wide pieces (template tags among them); above every other app.
    "weiportal",
    "networks",
    "submissions",
    "guidance",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "django_tasks_db",
    "axes",
    # Imports each app's rules.py, where its object permissions are registered.
    "rules.apps.AutodiscoverRulesConfig",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication, so the 404 page knows who is signed in.
    "weiportal.middleware.RejectControlCharactersMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "weiportal.middleware.NotFoundPageMiddleware",
    # Last, as its documentation asks: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "weiportal.urls"
WSGI_APPLICATION = "weiportal.wsgi.application"

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
                "weiportal.context_processors.portal",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        conn_health_checks=True,
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def cache_from_url(url):
    """The cache: each process's own memory, unless DJANGO_CACHE_URL names one that several
    processes and machines share: ``redis://host:6379/0`` (or ``rediss://``; needs the
    ``redis`` package installed) or ``db://table_name`` (run ``manage.py createcachetable``).

    The comparison pages cache what every viewer shares under a data version read from the
    database, so even per-process caches never serve a stale page; a shared one only saves
    each process working the same figures out again.
    """
    scheme, _separator, rest = url.partition("://")
    if not url:
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "weiportal",
            # At national scale (500 organisations, 10 editions) the comparison pages hold up
            # to about 21,000 fragments and figures per data version.
            "OPTIONS": {"MAX_ENTRIES": 30_000},
        }
    if scheme in {"redis", "rediss"}:
        return {"BACKEND": "weiportal.cache.RedisCache", "LOCATION": url}
    if scheme == "db" and rest:
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": rest,
            "OPTIONS": {"MAX_ENTRIES": 30_000},
        }
    raise ImproperlyConfigured(
        "DJANGO_CACHE_URL must start with redis://, rediss:// or db:// (for example "
        "db://weiportal_cache)."
    )


# What the cache holds (read models and rendered fragments) has the shape this release gives
# it: raise this with a change to a cached read model or template, so that a new release never
# reads what an earlier one stored in a shared cache.
CACHE_RELEASE = 2
CACHES = {
    "default": {
        **cache_from_url(os.environ.get("DJANGO_CACHE_URL", "")),
        "VERSION": CACHE_RELEASE,
    }
}

AUTH_USER_MODEL = "networks.User"
# Object permissions (the rules in each app's rules.py), asked first as most need no query;
# then model permissions, such as the project team's, given to its group (Django's
# ModelBackend, reading them in one query).
AUTHENTICATION_BACKENDS = [
    # Refuses a sign-in, on /sign-in/ and the admin alike, while its account and address are
    # locked out; it authenticates nobody itself.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "networks.backends.PermissionBackend",
]
# Sign-in throttling (django-axes): after this many failed attempts for one account from one
# address, that pair is locked out until the cool-off ends or an admin deletes the attempts
# ("Access attempts" in the admin, or `manage.py axes_reset`).
AXES_FAILURE_LIMIT = int(os.environ.get("WEI_SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(
    minutes=int(os.environ.get("WEI_SIGN_IN_COOLOFF_MINUTES", "30"))
)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# The sign-in and admin forms post the email address as "username".
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# The address is the connection's own unless the portal runs behind this many proxies that
# set X-Forwarded-For (a header a client could otherwise forge to dodge the lockout).
AXES_IPWARE_PROXY_COUNT = int(os.environ.get("WEI_TRUSTED_PROXY_COUNT", "0")) or None
AXES_IPWARE_META_PRECEDENCE_ORDER = (
    ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR") if AXES_IPWARE_PROXY_COUNT else ("REMOTE_ADDR",)
)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "start"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_ROOT = Path(os.environ.get("DJANGO_MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# In development, email goes to the console unless an SMTP host is given.
if os.environ.get("DJANGO_EMAIL_HOST") or not DEBUG:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
                "port": int(os.environ.get("DJANGO_EMAIL_PORT", "587")),
                "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
                "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "wei-portal@example.gov.uk")

# Background work (emails, reminders, large imports) runs on Django's tasks framework: at once
# in development and tests, and in production from the database, run by `manage.py db_worker`.
TASKS_BACKEND = os.environ.get("DJANGO_TASKS_BACKEND", "immediate" if DEBUG else "database")
TASKS = {
    "default": {
        "BACKEND": {
            "immediate": "django.tasks.backends.immediate.ImmediateBackend",
            "database": "django_tasks_db.DatabaseBackend",
        }[TASKS_BACKEND]
    }
}

# Security headers. The Content-Security-Policy allows only this origin, plus inline
# scripts that carry the per-request nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 8
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)
    CSRF_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# The portal's own settings.
SERVICE_NAME = "WEI good-practice portal"
# Where people write to the project team: feedback, accessibility problems, data requests.
CONTACT_EMAIL = os.environ.get("WEI_CONTACT_EMAIL", "wei-project-team@example.gov.uk")
# The portal's address, for links in emails sent outside a request (background tasks).
PORTAL_URL = os.environ.get(
    "WEI_PORTAL_URL",
    "http://127.0.0.1:8000" if DEBUG else f"https://{ALLOWED_HOSTS[0].lstrip('.')}",
).rstrip("/")
# An average over fewer organisations than this is not shown: it would reveal them. Nor is one
# over a group holding fewer anonymous sharers than this (submissions.compare.disclosure).
MINIMUM_ORGANISATIONS_FOR_AVERAGE = int(os.environ.get("WEI_MINIMUM_ORGANISATIONS", "3"))
# The disclosure audit's linear algebra (numpy) runs in one thread per worker: on a shared
# machine BLAS threads contend, and an audit of hundreds of organisations took fifty times
# longer with them. Read by numpy when first imported, which is after the settings.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

# The marking-consistency report: answers at least this similar (percent, after normalising
# case, whitespace and punctuation) form a group, and a group whose marks range over more
# than this many percentage points is flagged. Checked at start-up (guidance/apps.py).
CONSISTENCY_SIMILARITY_THRESHOLD = os.environ.get("WEI_CONSISTENCY_SIMILARITY", "90")
CONSISTENCY_RANGE_THRESHOLD = os.environ.get("WEI_CONSISTENCY_RANGE", "10")

# A results import with more rows than this runs as a background task after confirmation.
IMPORT_BACKGROUND_ROWS = int(os.environ.get("WEI_IMPORT_BACKGROUND_ROWS", "300"))
# A background import not finished after this long no longer blocks another of the same
# organisations (its worker has stopped).
IMPORT_STALE_MINUTES = int(os.environ.get("WEI_IMPORT_STALE_MINUTES", "60"))
