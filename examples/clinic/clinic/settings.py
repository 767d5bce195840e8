"""Django settings for the clinic demo project.

Two committed secrets below are deliberate deviations (IL101); everything else is read from
the environment, which is what the guideline asks for.
"""
import os
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# Deviation: the Django signing key is committed with the code.
SECRET_KEY = "q8#v2m!x7k@p4z9w$e1r6t3y0u5i8o2a7s4d9f1g6h3j"  # expect: IL101

DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
ALLOWED_HOSTS = os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "integration_lint.runtime.django",
    "apps.core",
    "apps.sync",
    "apps.pennylane_sync",
    "apps.collection",
    "apps.imports",
    "apps.annuaire",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "clinic.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATABASES = {
    "default": {
        "ENGINE": os.environ.get("DB_ENGINE", "django.db.backends.postgresql"),
        "NAME": os.environ.get("DB_NAME", "clinic"),
        "USER": os.environ.get("DB_USER", "clinic"),
        # Deviation: the production database password, in the settings module.
        "PASSWORD": "Cl1n1c-db-2024!",  # expect: IL101
        "HOST": os.environ.get("DB_HOST", "localhost"),
        "PORT": os.environ.get("DB_PORT", "5432"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "fr-fr"
TIME_ZONE = "Europe/Paris"
USE_TZ = True
STATIC_URL = "static/"
MEDIA_ROOT = BASE_DIR / "media"

# ok: empty default and a placeholder default: neither is a secret.
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "changeme")
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")

CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "redis://127.0.0.1:6379/0")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_SOFT_TIME_LIMIT = 300

# Connector settings. Base URLs are configuration, not credentials.
DOCTOLIB_BASE_URL = os.environ.get("DOCTOLIB_BASE_URL", "https://api.doctolib.example/v1")
# Deviation: a real-looking key as the fallback of an env lookup.
DOCTOLIB_API_KEY = os.environ.get("DOCTOLIB_API_KEY", "3b6f0c1e9a7d4e2f8c5b1a9d7e3f6c2a")  # expect: IL102
PENNYLANE_BASE_URL = os.environ.get("PENNYLANE_BASE_URL", "https://app.pennylane.com/api/external/v2")
INPI_BASE_URL = os.environ.get("INPI_BASE_URL", "https://registre-national-entreprises.inpi.fr/api")

# Integration runtime wiring (apps/core/connectors.py). Checkpoints and raw responses are tables of
# the integration_lint.runtime.django app. Rate limits are shared by the processes of one host
# through a SQLite file by default; set RATE_LIMIT_BACKEND=redis://... once workers run on several hosts.
RATE_LIMIT_BACKEND = os.environ.get("RATE_LIMIT_BACKEND") or None
# (requests, seconds) per quota holder: Doctolib and INPI per account, Pennylane per company token.
CONNECTOR_RATE_LIMITS = {
    "doctolib": [(10, 1), (300, 60)],
    "pennylane": [(25, 5)],
    "inpi": [(5, 1)],
    "logosw": [(2, 1)],
}
# How long raw responses are kept (docs/guidelines/integrations.md, "Raw responses: retention").
RAW_RESPONSE_RETENTION = {
    "doctolib": timedelta(days=14),  # appointment data about patients: keep as little as we can
    "inpi": timedelta(days=30),
    "logosw": timedelta(days=90),
    "pennylane": timedelta(days=3650),  # accounting audit trail
}
CELERY_BEAT_SCHEDULE = {
    "purge-raw-responses": {"task": "apps.core.tasks.purge_raw_responses", "schedule": 24 * 3600},
    "purge-uploaded-files": {"task": "apps.core.tasks.purge_uploaded_files", "schedule": 24 * 3600},
    "poll-collection-agents": {"task": "apps.collection.compliant.tasks.poll_agents", "schedule": 300},
}
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": os.environ.get("REDIS_CACHE_URL", "redis://127.0.0.1:6379/1"),
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": "INFO"},
}
