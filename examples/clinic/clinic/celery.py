"""Celery application: the broker URL and task defaults come from settings (CELERY_*)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
# The deviating tasks (apps/<app>/tasks.py) and their compliant twins (apps/<app>/compliant/tasks.py).
app.autodiscover_tasks()
app.autodiscover_tasks(
    [
        "apps.sync.compliant",
        "apps.pennylane_sync.compliant",
        "apps.collection.compliant",
        "apps.imports.compliant",
        "apps.annuaire.compliant",
    ]
)
