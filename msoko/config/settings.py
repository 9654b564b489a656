"""Django settings of MSOKO.

Two modes, chosen by ``MSOKO_ENV``:

* ``development`` (default): the embedded SQLite database under ``var/``, a secret key
  generated once into ``var/secret_key`` and the site on 127.0.0.1 only;
* ``production``: every secret comes from the environment and the security settings that
  ``manage.py check --deploy`` asks for are on.
"""

from __future__ import annotations

import json
import os
import secrets
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
#: the Russian documents the help pages render (the repository's docs/ beside the package)
MSOKO_DOCS_DIR = Path(os.environ.get("MSOKO_DOCS_DIR", BASE_DIR.parent / "docs"))
VAR_DIR = Path(os.environ.get("MSOKO_VAR_DIR", Path.cwd() / "var")).resolve()
ENV = os.environ.get("MSOKO_ENV", "development")
PRODUCTION = ENV == "production"


def _secret_key() -> str:
    """Read the key from the environment; in development keep a generated one in var/."""
    key = os.environ.get("MSOKO_SECRET_KEY")
    if key:
        return key
    if PRODUCTION:
        raise ImproperlyConfigured("MSOKO_SECRET_KEY обязателен в режиме production.")
    path = VAR_DIR / "secret_key"
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _secret_key()
if PRODUCTION:
    for _required in ("MSOKO_ALLOWED_HOSTS", "MSOKO_DATABASE_URL"):
        if not os.environ.get(_required):
            raise ImproperlyConfigured(f"{_required} обязателен в режиме production.")
    # the database, its WAL and the uploaded files are created readable by the service only
    os.umask(0o077)

#: addresses of the reverse proxies whose X-Forwarded-Proto and X-Forwarded-For are believed
#: (gunicorn's forwarded_allow_ips; core.audit.client_ip); none by default
MSOKO_TRUSTED_PROXIES = [
    address.strip() for address in os.environ.get("MSOKO_TRUSTED_PROXIES", "").split(",") if address.strip()
]
DEBUG = os.environ.get("MSOKO_DEBUG", "") == "1" and not PRODUCTION
ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("MSOKO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
    "msoko.core",
    "msoko.registry",
    "msoko.assessments",
    "msoko.indicators",
    "msoko.flags",
    "msoko.pipeline",
    "msoko.directions.achievement",
    "msoko.directions.low_results",
    "msoko.directions.objectivity",
    "msoko.directions.talents",
    "msoko.directions.career",
    "msoko.directions.teachers",
    "msoko.directions.methodical",
    "msoko.directions.principals",
    "msoko.collection.campaigns",
    "msoko.collection.surveys",
    "msoko.roadmaps",
    "msoko.publication",
    "msoko.cycle",
    "msoko.web",
    "msoko.documents",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # before anything reads the body (CSRF reads request.POST): an upload over the limit is a 413
    "msoko.core.middleware.RequestBodyLimitMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",  # answers a locked-out login with the Russian page
]

ROOT_URLCONF = "msoko.config.urls"
WSGI_APPLICATION = "msoko.config.wsgi.application"

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
                "msoko.web.context_processors.navigation",
            ],
            "builtins": ["msoko.core.templatetags.numbers", "msoko.core.templatetags.labels"],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("MSOKO_DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{VAR_DIR / 'msoko.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60 if PRODUCTION else 0)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the web site read while an import writes; a busy timeout instead of
        # "database is locked" errors when two requests write at once.
        config["OPTIONS"] = {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "core.User"
# Login throttling (django-axes): after MSOKO_LOGIN_FAILURE_LIMIT wrong passwords for one login,
# or from one address, that login or address is locked for MSOKO_LOGIN_LOCKOUT_MINUTES, the right
# password included; the admin's login goes through the same backend.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("MSOKO_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("MSOKO_LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # either one locks
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "msoko.core.audit.client_ip"
AXES_VERBOSE = False

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "ru"
TIME_ZONE = os.environ.get("MSOKO_TIME_ZONE", "Europe/Moscow")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
if not PRODUCTION:
    # WhiteNoise warns about a missing STATIC_ROOT even when it serves from the app folders
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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
# Without collectstatic (development, tests) WhiteNoise serves straight from the app folders.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = False
MEDIA_ROOT = VAR_DIR / "files"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024


def _whole_number(name: str, default: int) -> int:
    text = os.environ.get(name, str(default))
    if not (text.strip().isascii() and text.strip().isdigit()) or int(text) < 1:
        raise ImproperlyConfigured(f"{name}: ожидается целое число больше нуля, получено «{text}».")
    return int(text)


# The largest file one upload may bring, in MB (web forms, the request body, `msoko import`);
# DATA_UPLOAD_MAX_MEMORY_SIZE above does not count files (docs/operations.md#uploads).
MSOKO_MAX_UPLOAD_MB = _whole_number("MSOKO_MAX_UPLOAD_MB", 100)
# How long the kept file of a rejected import stays on disk before `msoko cleanup` removes it.
MSOKO_REJECTED_FILES_DAYS = _whole_number("MSOKO_REJECTED_FILES_DAYS", 30)
# How many school years (the current one included) pupil-level rows are kept: results, marks,
# olympiad protocols, class lists, quarantine and the uploaded files. Older years keep only their
# computed figures (152-ФЗ ст. 5 ч. 7; docs/methodology.md#retention). The low-results rule looks
# three years back, so fewer than four years would change the current figures.
MSOKO_STUDENT_DATA_YEARS = _whole_number("MSOKO_STUDENT_DATA_YEARS", 5)
# The hour (local time) at which the worker runs `msoko cleanup` every day.
MSOKO_CLEANUP_HOUR = int(os.environ.get("MSOKO_CLEANUP_HOUR", "3")) % 24
if MSOKO_STUDENT_DATA_YEARS < 4:
    raise ImproperlyConfigured(
        "MSOKO_STUDENT_DATA_YEARS: не меньше 4 учебных лет (текущий и три прошлых нужны правилу "
        f"низких результатов); получено {MSOKO_STUDENT_DATA_YEARS}."
    )

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 8 * 60 * 60
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if PRODUCTION:
    # HTTPS as the trusted proxy reports it: gunicorn sets the request's scheme from
    # X-Forwarded-Proto only when it comes from MSOKO_TRUSTED_PROXIES (no SECURE_PROXY_SSL_HEADER,
    # which would believe the header from anyone)
    SECURE_SSL_REDIRECT = os.environ.get("MSOKO_SSL_REDIRECT", "1") == "1"
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("MSOKO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    CSRF_TRUSTED_ORIGINS = [
        o.strip() for o in os.environ.get("MSOKO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
    ]

# Content-Security-Policy on every page (django-csp): scripts only from our own static files
# (no inline script anywhere), styles ours plus inline style attributes (charts are inline SVG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"forbidden": {"()": "msoko.core.log_filters.ForbiddenWithoutTraceback"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["forbidden"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("MSOKO_LOG_LEVEL", "WARNING")},
}

# Rendered analysis pages are cached per version of their data (directions/achievement/views.py)
# in a table of the database, so every web process and machine shares them: a page rendered
# after a recompute is rendered once, not once per process. `migrate` creates the table.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "msoko_cache",
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

# Background work through the Django tasks API (DEP 14, the django-tasks backport on 5.2).
# MSOKO_TASKS=immediate (unset: the default outside production) runs a queued recompute in the
# process that queued it, when its transaction commits (tests); MSOKO_TASKS=database (the
# default in production; `make run` sets it) puts it on a queue in the database that
# `msoko worker` processes take from (django-tasks-db), so an upload returns at once.
MSOKO_TASKS = os.environ.get("MSOKO_TASKS", "database" if PRODUCTION else "immediate")
# after a recompute the worker renders the municipal analysis pages of its year, the evidence
# pages of its flagged schools and direction 2's list and register schools into the shared
# cache, so their first visit is fast (on by default where a worker runs them)
MSOKO_WARM_PAGES = os.environ.get("MSOKO_WARM_PAGES", "1" if MSOKO_TASKS == "database" else "0") == "1"
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
if MSOKO_TASKS not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"MSOKO_TASKS: ожидается immediate или database; получено «{MSOKO_TASKS}».")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[MSOKO_TASKS]}}
# A run «выполняется» with no heartbeat for this long was killed with its process: it is marked
# failed and queued again (pipeline.tasks.recover_stale_runs). Runs beat at every step.
MSOKO_RUN_STALE_MINUTES = int(os.environ.get("MSOKO_RUN_STALE_MINUTES", "10"))

# The deployment's own territory: organisations imported without «Муниципалитет» belong here.
# Whether participant codes identify the same pupil across school years in this region. ФИС ОКО
# codes do not (each procedure issues new ones), so the default follows cohorts through the
# organisation and the grade only; set to 1 where a region assigns stable codes (the demo does).
# «Молодой педагог» (direction 7: young teachers with a mentor) is younger than this many years;
# 35 is the age of the federal «молодой специалист» support programmes; a region may choose.
MSOKO_YOUNG_TEACHER_AGE = int(os.environ.get("MSOKO_YOUNG_TEACHER_AGE", "35"))
# E-mail (reminders of monitoring campaigns): the console in development; in production SMTP
# from the environment (MSOKO_EMAIL_HOST, _PORT, _USER, _PASSWORD, _USE_TLS, MSOKO_EMAIL_FROM).
if PRODUCTION:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ.get("MSOKO_EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("MSOKO_EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("MSOKO_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("MSOKO_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("MSOKO_EMAIL_USE_TLS", "") == "1"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("MSOKO_EMAIL_FROM", "msoko@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Surveys (collection/surveys): an organisation's results are shown, exported and become
# indicator values only from this many answers (the small-group rule, methodology.md#surveys);
# answers per hour from one address per organisation link, counted in the cache only.
MSOKO_SURVEY_MIN_ANSWERS = int(os.environ.get("MSOKO_SURVEY_MIN_ANSWERS", "10"))
MSOKO_SURVEY_ANSWERS_PER_HOUR = int(os.environ.get("MSOKO_SURVEY_ANSWERS_PER_HOUR", "60"))

# The principal-effectiveness composite of direction 6 (analytics/principals.py): weights of its
# results, objectivity and conditions components; the documents set none, so they are equal by
# default; a region sets its own as «results=2,objectivity=1,conditions=1».
MSOKO_PRINCIPAL_WEIGHTS = {
    name: float(weight)
    for name, _, weight in (
        part.partition("=")
        for part in os.environ.get("MSOKO_PRINCIPAL_WEIGHTS", "results=1,objectivity=1,conditions=1").split(
            ","
        )
    )
}
MSOKO_STABLE_PARTICIPANT_CODES = os.environ.get("MSOKO_STABLE_PARTICIPANT_CODES", "") == "1"


def _task_thresholds() -> dict[str, float]:
    """«60/57/30/28.5»: basic task mastered at ≥ 60 %, not mastered below 57 %; advanced and high
    at ≥ 30 % / below 28.5 % (ФИОКО 2026, pp. 6, 17). A region may set others."""
    text = os.environ.get("MSOKO_TASK_THRESHOLDS", "60/57/30/28.5")
    try:
        values = [float(part.replace(",", ".")) for part in text.split("/")]
    except ValueError:
        values = []
    if len(values) != 4 or not (values[1] <= values[0] <= 100 and values[3] <= values[2] <= 100):
        raise ImproperlyConfigured(
            "MSOKO_TASK_THRESHOLDS: ожидается «освоено/не освоено» для базовых и для повышенных заданий, "
            f"например 60/57/30/28.5; получено «{text}»."
        )
    names = ("basic_mastered", "basic_not_mastered", "advanced_mastered", "advanced_not_mastered")
    return dict(zip(names, values, strict=True))


MSOKO_TASK_THRESHOLDS = _task_thresholds()
# Objectivity criteria (docs/methodology.md#objectivity): any field of
# msoko.analytics.objectivity.findings.Thresholds, e.g. {"alpha": 0.001}, as JSON in
# MSOKO_OBJECTIVITY; weights of the criteria in a flag's level, e.g. {"similar": 2}.
MSOKO_OBJECTIVITY = json.loads(os.environ.get("MSOKO_OBJECTIVITY", "{}"))
MSOKO_OBJECTIVITY_WEIGHTS = json.loads(os.environ.get("MSOKO_OBJECTIVITY_WEIGHTS", "{}"))
# Direction 2 (docs/methodology.md#context-index, #low-results): the context index's signed
# weights, the adverse cuts (levels 1–3, in the index's standard deviations) and the fields of
# msoko.analytics.low_results.LowResultsRule — all JSON in the environment.
MSOKO_CONTEXT_COMPONENTS = json.loads(
    os.environ.get(
        "MSOKO_CONTEXT_COMPONENTS",
        '{"low_income_share": -1, "higher_education_parents_share": 1, "sen_share": -1, '
        '"non_native_russian_share": -1, "rural": -1}',
    )
)
MSOKO_ADVERSE_CUTS = json.loads(os.environ.get("MSOKO_ADVERSE_CUTS", "[-0.75, -1.25, -1.75]"))
MSOKO_LOW_RESULTS = json.loads(os.environ.get("MSOKO_LOW_RESULTS", "{}"))
MSOKO_MUNICIPALITY_DEFAULT = "Муниципальное образование"
MSOKO_MUNICIPALITY = os.environ.get("MSOKO_MUNICIPALITY", MSOKO_MUNICIPALITY_DEFAULT)
# documents (docs/methodology.md#documents): who signs them, and the page margins in mm
# «top,right,bottom,left» (ГОСТ Р 7.0.97-2016 minimums widened as records instructions do)
# the public page hides groups smaller than this (docs/methodology.md#public-page)
MSOKO_PUBLIC_MIN_GROUP = _whole_number("MSOKO_PUBLIC_MIN_GROUP", 10)
MSOKO_DEPARTMENT = os.environ.get("MSOKO_DEPARTMENT", "Управление образования")
MSOKO_DOCUMENT_MARGINS_MM = os.environ.get("MSOKO_DOCUMENT_MARGINS_MM", "20,15,20,30")
