from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _static_storage(settings):
    # No collectstatic in tests: serve static files straight from the finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
