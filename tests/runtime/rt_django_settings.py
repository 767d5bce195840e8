"""A minimal Django project for the adapter tests: SQLite file DB, the runtime app, one app
with an ImportRow model."""

import os

SECRET_KEY = "tests-only-not-a-secret"
USE_TZ = True
INSTALLED_APPS = ["django.contrib.contenttypes", "integration_lint.runtime.django", "rt_django_app"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get("RT_DJANGO_DB", ":memory:"),
        "OPTIONS": {"timeout": 30},
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
