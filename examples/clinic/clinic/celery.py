"""Celery application: the broker URL and task defaults come from settings (CELERY_*)."""
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "clinic.settings")

app = Celery("clinic")
app.config_from_object("django.conf:settings", namespace="CELERY")
# apps/<app>/tasks.py (the deviating tasks) and apps/<app>/compliant/tasks.py (their twins).
app.autodiscover_tasks()
app.autodiscover_tasks(related_name="compliant.tasks")
