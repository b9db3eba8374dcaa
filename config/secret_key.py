"""The secret key: from the environment in production, made once per installation otherwise.

Django signs sessions, password-reset links and CSRF tokens with it, so a key
that anyone can read (the development key this repository used to ship) lets
anyone forge them. `load_secret_key` never returns such a key.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

# Keys that are public: they stand in this repository's history.
PUBLIC_SECRET_KEYS = frozenset(
    {"insecure-local-development-key-set-DJANGO_SECRET_KEY-in-production"}
)

_HOW = "e.g. the output of `python -c 'import secrets; print(secrets.token_urlsafe(50))'`"


def is_weak_secret_key(key: str) -> bool:
    """Django's own test in `check --deploy` (security.W009), plus the keys made public here."""
    return (
        key in PUBLIC_SECRET_KEYS
        or key.startswith("django-insecure-")
        or len(key) < 50
        or len(set(key)) < 5
    )


def installation_secret_key(path: Path) -> str:
    """A random key made at the first start and kept in `path` (mode 0600) from then on.

    So `make run`, `make test` and `manage.py createsuperuser` need no
    configuration, and no two installations share a key. Processes starting at
    the same time agree on one key: the file appears whole, by a hard link, or
    not at all.
    """
    try:
        return path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    draft = path.with_name(f".{path.name}.{os.getpid()}")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(secrets.token_urlsafe(50) + "\n")
    try:
        os.link(draft, path)
    except FileExistsError:
        pass  # another process made it first: use theirs
    finally:
        draft.unlink()
    return path.read_text(encoding="ascii").strip()


def load_secret_key(configured: str, *, secure: bool, path: Path) -> str:
    """`configured` (DJANGO_SECRET_KEY) when it is strong; the installation's key when it is
    empty and `secure` (DJANGO_SECURE) is off; otherwise `ImproperlyConfigured`, so that a
    server never starts with a key someone else may know."""
    key = configured.strip()
    if not key:
        if secure:
            raise ImproperlyConfigured(
                "DJANGO_SECURE is on but DJANGO_SECRET_KEY is not set: set it to a random "
                f"string of 50 or more characters, {_HOW}."
            )
        try:
            return installation_secret_key(path)
        except OSError as error:
            raise ImproperlyConfigured(
                f"No DJANGO_SECRET_KEY, and no key could be kept in {path} ({error}): "
                f"set DJANGO_SECRET_KEY to a random string of 50 or more characters, {_HOW}."
            ) from error
    if is_weak_secret_key(key):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is publicly known or too weak: set it to a random string of 50 "
            f"or more characters, {_HOW}, or unset it for local use."
        )
    return key
