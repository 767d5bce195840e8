"""Doctolib Celery tasks."""
from __future__ import annotations

import requests
from celery import shared_task

from apps.sync import services
from apps.sync.client import DoctolibError
from apps.sync.models import Appointment, Practitioner


@shared_task(autoretry_for=(DoctolibError, requests.RequestException), retry_backoff=True, max_retries=5)
def sync_appointments(practice_id: str, updated_since: str) -> int:
    return services.sync_appointments(practice_id, updated_since)


@shared_task(bind=True, max_retries=3)
def refresh_practitioner_task(self, pk: int) -> None:
    try:
        services.refresh_practitioner(pk)
    except DoctolibError as exc:  # ok: re-raised as a Celery retry
        raise self.retry(exc=exc, countdown=60)


@shared_task(autoretry_for=(requests.RequestException,), retry_backoff=True)
def cancel_appointment_task(appointment_id: int) -> None:
    services.cancel_appointment(Appointment.objects.get(pk=appointment_id))


# Deviation: calls the API directly but has no retry policy; one timeout and the photo is lost.
@shared_task
def refresh_practitioner_photo(pk: int) -> None:  # expect: IL203
    practitioner = Practitioner.objects.get(pk=pk)
    resp = requests.get(practitioner.photo_url, timeout=10)
    resp.raise_for_status()
    practitioner.photo = resp.content
    practitioner.save(update_fields=["photo"])
