"""Trust Check settings, read from the environment (DESIGN.md §8).

``DEBUG`` is off unless set (``make run`` and the test suite turn it on, see
``config/dev_settings.py``); production sets at least ``SECRET_KEY``, ``ALLOWED_HOSTS`` and
``DATABASE_URL``.
"""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import dj_email_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("TRUSTCHECK_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise RuntimeError(
            "SECRET_KEY must be set when DEBUG is off (config.settings, which the web servers "
            "load, keeps DEBUG off unless it is set; manage.py and the tests turn it on)"
        )
    SECRET_KEY = "dev-only-not-secret-trustcheck-0123456789abcdefghijklmnopqrstuvwxyz"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_tasks_db",
    "django_filters",
    "core",
    "checklists",
    "assessments",
    "remediation",
    "reports",
    "notifications",
    "portfolio",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assessments.context_processors.membership",
                "notifications.context_processors.unread",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'trustcheck.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while a worker writes; a busy timeout instead of "locked".
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
WHITENOISE_USE_FINDERS = DEBUG  # in development, serve straight from the app folders
WHITENOISE_AUTOREFRESH = DEBUG
if DEBUG:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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

TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    # Token first, so that an unauthenticated request is told 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "core.exceptions.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.SafeJSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Trust Check API",
    "DESCRIPTION": "AI trustworthiness compliance for Korea: checklists, assessments, reports.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI's files come from the drf-spectacular-sidecar package, not from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "AssessmentStatusEnum": "assessments.choices.Status",
        "ReportStatusEnum": "reports.choices.ReportStatus",
        "MemberRoleEnum": "assessments.choices.Role",
        "SystemRoleEnum": "assessments.choices.SystemRole",
        "ActionStatusEnum": "remediation.choices.ActionStatus",
        "ActionSourceEnum": "remediation.choices.ActionSource",
        # A system's `domain` and each entry of its `domains` take the same values.
        "DomainEnum": "assessments.api.serializers.DOMAIN_VALUES",
    },
}

# Which checklists apply to which system: data versioned with the content.
APPLICABILITY_RULES = Path(
    os.environ.get(
        "APPLICABILITY_RULES", BASE_DIR / "checklists" / "content" / "applicability.yaml"
    )
)

# Evidence uploads: size limit and the types accepted (checked by content, not by file name).
EVIDENCE_MAX_BYTES = int(os.environ.get("EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)))
EVIDENCE_CONTENT_TYPES = [
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/plain",
    "text/csv",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
]
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Mail (issue 17.6): one EMAIL_URL (``smtp://user:password@host:587``, ``smtps://`` for SSL; read
# by dj-email-url) or EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD, EMAIL_USE_TLS,
# EMAIL_USE_SSL, EMAIL_TIMEOUT. The console in development; SMTP in production, where the deploy
# check (core/checks.py) warns while no server is configured.
_email = dj_email_url.parse(os.environ["EMAIL_URL"]) if os.environ.get("EMAIL_URL") else {}
EMAIL_CONFIGURED = bool(_email.get("EMAIL_HOST") or os.environ.get("EMAIL_HOST"))
_smtp_options = {
    "host": _email.get("EMAIL_HOST") or os.environ.get("EMAIL_HOST") or None,
    "port": int(_email.get("EMAIL_PORT") or os.environ.get("EMAIL_PORT") or 0) or None,
    "username": _email.get("EMAIL_HOST_USER") or os.environ.get("EMAIL_HOST_USER") or None,
    "password": _email.get("EMAIL_HOST_PASSWORD") or os.environ.get("EMAIL_HOST_PASSWORD") or None,
    "use_tls": bool(_email.get("EMAIL_USE_TLS")) or env_bool("EMAIL_USE_TLS", False),
    "use_ssl": bool(_email.get("EMAIL_USE_SSL")) or env_bool("EMAIL_USE_SSL", False),
    "timeout": int(_email.get("EMAIL_TIMEOUT") or os.environ.get("EMAIL_TIMEOUT") or 30),
}
_mail_backend = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_CONFIGURED or not DEBUG
    else "django.core.mail.backends.console.EmailBackend",
)
MAILERS = {
    "default": {
        "BACKEND": _mail_backend,
        **(
            {"OPTIONS": {k: v for k, v in _smtp_options.items() if v is not None}}
            if _mail_backend.endswith("smtp.EmailBackend") and EMAIL_CONFIGURED
            else {}
        ),
    }
}
DEFAULT_FROM_EMAIL = (
    _email.get("DEFAULT_FROM_EMAIL")
    or os.environ.get("DEFAULT_FROM_EMAIL")
    or "Trust Check <noreply@trustcheck.invalid>"
)
# The address people reach the app at (scheme, host, port, any path prefix), for links that leave
# it: the QR code and verification address printed in every report. ``make run`` sets it from
# HOST and PORT; production must set it. Empty with DEBUG on: the address of the request that
# issues the report. Empty with DEBUG off: reports are refused (and ``check`` warns).
PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")

# PDF reports (reports/): each render runs in a child process with these limits.
REPORT_RENDER_TIMEOUT = int(os.environ.get("REPORT_RENDER_TIMEOUT", "180"))  # seconds
REPORT_RENDER_MEMORY_MB = int(os.environ.get("REPORT_RENDER_MEMORY_MB", "2048"))  # address space
# Children rendering the parts of one long report side by side (each within the limits above).
REPORT_RENDER_PROCESSES = int(
    os.environ.get("REPORT_RENDER_PROCESSES", str(min(2, os.cpu_count() or 1)))
)
# Evaluation bodies that sign their reports (PAdES): {"<body id or name>" | "default":
# {"pkcs12": path, "password": ..., "trust_roots": [paths]}}. Empty: reports are not signed.
REPORT_SIGNING: dict[str, dict[str, object]] = {}
REPORT_VERIFY_THROTTLE = os.environ.get("REPORT_VERIFY_THROTTLE", "30/minute")  # per client address
REPORT_VERIFY_MAX_BYTES = int(os.environ.get("REPORT_VERIFY_MAX_BYTES", str(50 * 1024 * 1024)))

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "/"

# Content security policy (Django's own): scripts and styles only from our static files, no
# inline code or style attributes anywhere, nothing embedded from elsewhere.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}


SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

# --- Security (issue 17; README "Security") ------------------------------------------------------
# Every sign-in (page, admin, token) goes through one backend with the shared lockout: this many
# password checks for one user name, and for one client address (password spraying), within the
# window; the counters live in the database (assessments.lockout).
AUTHENTICATION_BACKENDS = ["assessments.backends.LockoutModelBackend"]
LOGIN_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
LOGIN_FAILURE_LIMIT_PER_ADDRESS = int(os.environ.get("LOGIN_FAILURE_LIMIT_PER_ADDRESS", "30"))
LOGIN_FAILURE_WINDOW_SECONDS = int(os.environ.get("LOGIN_FAILURE_WINDOW_SECONDS", "900"))
# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated).
# None by default: the client is REMOTE_ADDR, whatever headers it sends (core/clientaddress.py).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
# Request bodies: larger declared or received bodies are a 413 before they are read
# (core/limits.py); form and JSON bodies stay within DATA_UPLOAD_MAX_MEMORY_SIZE (above).
MAX_REQUEST_BYTES = int(os.environ.get("MAX_REQUEST_BYTES", str(52 * 1024 * 1024)))
FILE_UPLOAD_HANDLERS = [
    "core.limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.common.CommonMiddleware"),
    "core.limits.RequestSizeLimitMiddleware",
)
# Cache-Control: private, no-store on every signed-in or API response (core/caching.py).
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "core.caching.PrivateCacheMiddleware",
)
# The cache, shared by every process: the verification throttle counts there. Redis when
# REDIS_URL (or CACHE_URL) is set, else a table in the database (made by a migration and by
# ``manage.py createcachetable``).
CACHE_URL = os.environ.get("REDIS_URL") or os.environ.get("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://", "unix://"))
        else {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "trustcheck_cache",
        }
    )
}
# Render queue fairness: reports queued or rendering at once, per issuer and per organisation.
REPORT_MAX_IN_FLIGHT_PER_USER = int(os.environ.get("REPORT_MAX_IN_FLIGHT_PER_USER", "3"))
REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION = int(
    os.environ.get("REPORT_MAX_IN_FLIGHT_PER_ORGANIZATION", "6")
)
# API tokens (django-rest-knox): hashed, expiring, one per client; `Authorization: Token <key>`.
API_TOKEN_TTL_HOURS = int(os.environ.get("API_TOKEN_TTL_HOURS", "24"))
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=API_TOKEN_TTL_HOURS),
    "AUTO_REFRESH": False,
    "AUTH_HEADER_PREFIX": "Token",
}
# Team invitations: how long an invitation link works (days), counted from its last sending.
INVITATION_MAX_AGE_DAYS = int(os.environ.get("INVITATION_MAX_AGE_DAYS", "7"))
# Excel import: the upload, its unpacked size, its shared strings and rows per sheet.
EXCEL_IMPORT_MAX_BYTES = int(os.environ.get("EXCEL_IMPORT_MAX_BYTES", str(5 * 1024 * 1024)))
EXCEL_IMPORT_MAX_UNPACKED_BYTES = int(
    os.environ.get("EXCEL_IMPORT_MAX_UNPACKED_BYTES", str(10 * 1024 * 1024))
)
EXCEL_IMPORT_MAX_SHARED_STRINGS = int(os.environ.get("EXCEL_IMPORT_MAX_SHARED_STRINGS", "50000"))
EXCEL_IMPORT_MAX_ROWS = int(os.environ.get("EXCEL_IMPORT_MAX_ROWS", "10000"))
# --- end of the security block ---------------------------------------------------------------

# --- Accounts (issue 11; README "Two-factor sign-in", "Password reset", "Sessions") -------------
# Two-factor sign-in with django-otp: TOTP devices, and static devices holding recovery codes.
INSTALLED_APPS += ["django_otp", "django_otp.plugins.otp_totp", "django_otp.plugins.otp_static"]
# request.user.is_verified(): whether this session (or token) passed a second factor.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
OTP_TOTP_ISSUER = os.environ.get("OTP_TOTP_ISSUER", "Trust Check")
RECOVERY_CODE_COUNT = 10
# Knox's token model is swappable; naming it lets a model point at it (VerifiedToken).
KNOX_TOKEN_MODEL = "knox.AuthToken"
# Password reset: the mailed link works this long; requests for one address, and from one client
# address, are throttled like sign-ins (assessments.lockout) within LOGIN_FAILURE_WINDOW_SECONDS.
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_TIMEOUT", str(3 * 3600)))
PASSWORD_RESET_LIMIT = int(os.environ.get("PASSWORD_RESET_LIMIT", "3"))
PASSWORD_RESET_LIMIT_PER_ADDRESS = int(os.environ.get("PASSWORD_RESET_LIMIT_PER_ADDRESS", "10"))
# --- end of the accounts block ----------------------------------------------------------------

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if os.environ.get("LOG_FORMAT") == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# Notifications (issue 12): the lower apps' mail asks this function which users switched a kind
# off (assessments.services.common.mail_allowed); an action is "due" this many days ahead.
NOTIFICATION_MAIL_FILTER = "notifications.selectors.mail_allowed"
ACTION_DUE_SOON_DAYS = int(os.environ.get("ACTION_DUE_SOON_DAYS", "3"))
