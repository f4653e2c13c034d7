"""The one settings module: Django settings, every value read from MSOC_* environment variables."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from msoc.keys import SECRET_FILE, read_or_create

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(f"MSOC_{name}", default)


def _flag(name: str, default: bool = False) -> bool:
    return _env(name, "1" if default else "0").lower() in {"1", "true", "yes", "on"}


VAR_DIR = Path(_env("VAR_DIR", str(PROJECT_DIR / "var")))
OUT_DIR = Path(_env("OUT_DIR", str(PROJECT_DIR / "out")))
ARCHIVE_DIR = Path(_env("ARCHIVE_DIR", str(VAR_DIR / "archive")))

# Keys outside the database (msoc.keys): each one is its MSOC_* variable, or a random key generated
# on first use into its own owner-only file here. Back this folder up with the database.
KEY_DIR = Path(_env("KEY_DIR", str(VAR_DIR / "keys")))

DEBUG = _flag("DEBUG")
SECRET_KEY = _env("SECRET_KEY") or read_or_create(KEY_DIR / SECRET_FILE)
ALLOWED_HOSTS = [h for h in _env("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in _env("CSRF_TRUSTED_ORIGINS").split(",") if o]

DATABASE_URL = _env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'msoc.db'}")
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    )
    # A file, not shared memory, so that tests with threads see real SQLite locking.
    DATABASES["default"].setdefault("TEST", {})["NAME"] = _env("TEST_DB_NAME") or str(
        VAR_DIR / f"test_msoc_{os.getpid()}.db"  # one file per test process: runs never collide
    )

INSTALLED_APPS = [
    "msoc.web.admin_apps.MsocAdminConfig",  # django.contrib.admin, changes audited
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "msoc.apps.accounts",
    "msoc.apps.units",
    "msoc.apps.hotline",
    "msoc.apps.news",
    "msoc.apps.reports",
    "msoc.apps.review",
    "msoc.apps.situation",
    "msoc.apps.alerts",
    "msoc.apps.register",
    "msoc.apps.hazards",
    "msoc.apps.search",
    "msoc.apps.demo",
    "msoc.web",
]

MIDDLEWARE = [
    "msoc.web.middleware.SecurityHeadersMiddleware",  # first: error responses get the headers too
    "django.middleware.security.SecurityMiddleware",  # Referrer-Policy, nosniff
    # Before CommonMiddleware, so the 400 of an unknown Host carries X-Frame-Options too.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "msoc.web.urls"
WSGI_APPLICATION = "msoc.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "web" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "msoc.web.context.navigation",
            ]
        },
    }
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "/login"
LOGIN_REDIRECT_URL = "/"

AXES_FAILURE_LIMIT = int(_env("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.25  # hours
# Failures count per account and per account + address, never per address alone: one office
# behind one proxy must not lock itself out, and a success resets only the signing-in account.
AXES_LOCKOUT_PARAMETERS = ["username", ["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "msoc.web.client_ip.client_ip"
# Reverse proxies (addresses or networks) whose X-Forwarded-For is believed; empty: none.
MSOC_TRUSTED_PROXIES = [p for p in _env("TRUSTED_PROXIES").split(",") if p.strip()]
AXES_LOCKOUT_TEMPLATE = "lockout.html"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_SECURE = _flag("SECURE_COOKIES")
CSRF_COOKIE_SECURE = _flag("SECURE_COOKIES")
SESSION_COOKIE_AGE = 60 * 60 * 12
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
DATA_UPLOAD_MAX_MEMORY_SIZE = int(_env("MAX_UPLOAD_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = DATA_UPLOAD_MAX_MEMORY_SIZE

LANGUAGE_CODE = "th"
# Thai for the messages of Django's forms and validators that its own th catalog leaves English.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
WHITENOISE_USE_FINDERS = True  # static files are served from the package even before collectstatic
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("LOG_LEVEL", "WARNING")},
}

# --- msoc itself ---------------------------------------------------------------------------
MSOC_USER_AGENT = _env(
    "USER_AGENT", "msoc/0.1 (+https://github.com/msoc; news monitor of the MSDHS Operation Center)"
)
MSOC_AGENCY_CODE = _env("AGENCY_CODE", "พม ๐๒๐๔")
MSOC_HEADER = {
    "address": _env(
        "ADDRESS",
        "๑๐๓๔ กระทรวงการพัฒนาสังคมและความมั่นคงของมนุษย์ ถนนกรุงเกษม เขตป้อมปราบศัตรูพ่าย กทม. ๑๐๑๐๐",
    ),
    "phone": _env("PHONE", "๐ ๒๒๘๒ ๒๙๑๔"),
    "email": _env("EMAIL", "mso-moc@m-society.go.th"),
    "motto": _env("MOTTO", "พัฒนางาน ยกระดับองค์กร"),
}
MSOC_ADDRESSEES = _env(
    "ADDRESSEES",
    "รมว.พม./ปพม./รอง ปพม./ผต.พม./อธิบดี/ทปช.กม./ทปช.วิชาการพัฒนาสังคม/ผว.กชช./ผอ.พอช./ผอ.สธค./ผช.ปพม./ผอ.กองใน สป.พม.",
).split("/")
MSOC_PASSWORD = _env("PASSWORD")  # for `msoc users add` without a terminal
MSOC_DEMO_PASSWORD = _env("DEMO_PASSWORD", "msoc-demo-2566")
# Background jobs (django-tasks, the backport of Django 6's tasks API) kept in the database, so
# SQLite alone suffices; `msoc serve`'s scheduler and every `msoc worker` run them (msoc/jobs.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
MSOC_JOB_RETRIES = int(_env("JOB_RETRIES", "3"))  # attempts after the first, with back-off
MSOC_JOB_BACKOFF = float(_env("JOB_BACKOFF", "30"))  # seconds before the first retry, then doubled
# Seconds a job may stay RUNNING before it counts as lost (its worker died) and is retried; longer
# than the longest job (a PDF render, a 50 MB survey import), or a live job would run twice.
MSOC_JOB_LEASE = float(_env("JOB_LEASE", "1800"))
MSOC_SCHEDULER = _flag("SCHEDULER", True)  # `msoc serve` also polls feeds and checks alerts
# Seconds between the scheduler's looks for due feeds and unenriched items (freshness).
MSOC_SCHEDULER_TICK = float(_env("SCHEDULER_TICK", "5"))
CSRF_FAILURE_VIEW = "msoc.web.views.auth.csrf_failure"


def _number(name: str) -> float | None:
    value = _env(name)
    return float(value) if value else None


# Feed fetching (None keeps the defaults of msoc.apps.news.feeds.FetchConfig).
MSOC_FETCH_TIMEOUT = _number("FETCH_TIMEOUT")
MSOC_FETCH_RETRIES = int(_env("FETCH_RETRIES")) if _env("FETCH_RETRIES") else None
MSOC_FETCH_BACKOFF = _number("FETCH_BACKOFF")
MSOC_FETCH_DELAY = _number("FETCH_DELAY")
MSOC_FETCH_PER_HOST = int(_env("FETCH_PER_HOST")) if _env("FETCH_PER_HOST") else None
MSOC_FETCH_WORKERS = int(_env("FETCH_WORKERS")) if _env("FETCH_WORKERS") else None
MSOC_FETCH_MAX_BYTES = int(_env("FETCH_MAX_BYTES")) if _env("FETCH_MAX_BYTES") else None

# E-mail of issued reports, alerts and the digest (msoc.apps.alerts), sent with django.core.mail:
# Django's EMAIL_* settings, read from the MSOC_SMTP_* variables. No host: mail stays queued.
EMAIL_BACKEND = _env("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = _env("SMTP_HOST")
EMAIL_PORT = int(_env("SMTP_PORT", "25"))
EMAIL_HOST_USER = _env("SMTP_USER")
EMAIL_HOST_PASSWORD = _env("SMTP_PASSWORD")
MSOC_SMTP_TLS = _env("SMTP_TLS", "none").lower()  # none | starttls | ssl
EMAIL_USE_TLS = MSOC_SMTP_TLS == "starttls"
EMAIL_USE_SSL = MSOC_SMTP_TLS == "ssl"
EMAIL_TIMEOUT = float(_env("SMTP_TIMEOUT", "30"))
DEFAULT_FROM_EMAIL = SERVER_EMAIL = _env("MAIL_FROM", MSOC_HEADER["email"])
MSOC_SITE_URL = _env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")  # links in e-mails
MSOC_MAIL_MAX_ATTACHMENT_BYTES = int(_env("MAIL_MAX_ATTACHMENT_BYTES", str(10 * 1024 * 1024)))

# Situation (msoc.apps.situation): thresholds of the ๑.๔ reservoir lists and the PM2.5 standard.
MSOC_RESERVOIR_LOW_PCT = float(_env("RESERVOIR_LOW_PCT", "30"))  # storage ≤ this % of capacity
MSOC_RESERVOIR_HIGH_PCT = float(_env("RESERVOIR_HIGH_PCT", "80"))  # storage > this %
MSOC_RESERVOIR_USABLE_LOW_PCT = float(_env("RESERVOIR_USABLE_LOW_PCT", "30"))  # usable < this %
MSOC_PM25_STANDARD = float(_env("PM25_STANDARD", "37.5"))  # µg/m³, 24-hour average
MSOC_SITUATION_TIMEOUT = float(_env("SITUATION_TIMEOUT", "20"))  # seconds per source fetch

# The key of the audit chain's HMAC (msoc.apps.accounts.audit). Empty: KEY_DIR/audit.key.
MSOC_AUDIT_KEY = _env("AUDIT_KEY").encode()

# The file holding the passphrase of `msoc db backup` / `restore` (backups are always encrypted).
MSOC_BACKUP_PASSPHRASE_FILE = _env("BACKUP_PASSPHRASE_FILE")

# Checks against history (lint warnings): median ± k × MAD, or min–max, over the last N days.
MSOC_HISTORY_METHOD = _env("HISTORY_METHOD", "mad")  # mad | minmax
MSOC_HISTORY_DAYS = int(_env("HISTORY_DAYS", "90"))
MSOC_HISTORY_THRESHOLD = float(_env("HISTORY_THRESHOLD", "3.5"))
MSOC_HISTORY_MIN_POINTS = int(_env("HISTORY_MIN_POINTS", "8"))

# Personal data of hotline callers is erased this many days after the case (PDPA retention).
MSOC_PERSONAL_DATA_RETENTION_DAYS = int(_env("PERSONAL_DATA_RETENTION_DAYS", "730"))

# The target-group register (msoc.apps.register). National ID numbers are stored only as an HMAC
# under this key plus their last digits. Empty: KEY_DIR/register-id.key, generated on first use
# (msoc.apps.register.services.register_id_key). Never derived from SECRET_KEY.
MSOC_REGISTER_ID_KEY = _env("REGISTER_ID_KEY").encode()
MSOC_REGISTER_ENGINE = _env("REGISTER_ENGINE", "duckdb")  # duckdb | spark
MSOC_SPARK_DRIVER_MEMORY = _env("SPARK_DRIVER_MEMORY", "4g")
MSOC_SPARK_MASTER = _env("SPARK_MASTER")  # empty: local mode on this machine's cores
MSOC_SPARK_SHARED_DIR = _env("SPARK_SHARED_DIR")  # on a cluster: a folder every worker reads
MSOC_DUCKDB_MEMORY_LIMIT = _env("DUCKDB_MEMORY_LIMIT", "1GB")  # DuckDB spills to disk beyond it
