"""Doctolib tasks, compliant twin of apps/sync/tasks.py: every sync is a `sync_task`
(Celery name apps.sync.doctolib.<resource>; autoretry with backoff and jitter, Retry-After
honoured, final failure surfaced, one run at a time per arguments)."""
from __future__ import annotations

from django.core.cache import cache
from django.utils import timezone

from apps.sync.compliant.client import DoctolibClient
from apps.sync.models import Appointment, Practitioner
from integration_lint.runtime import sync_task

SLOTS_TTL = 300


def slots_cache_key(practitioner_pk: int, day: str) -> str:
    return f"doctolib:slots:{practitioner_pk}:{day}"


@sync_task("doctolib", "appointments")
def sync_appointments(self, practice_id: str, updated_since: str) -> int:
    client = DoctolibClient()
    count = 0
    for page in client.appointment_pages(practice_id, updated_since):
        if not page.response.is_new:
            continue  # same bytes as an earlier fetch of this page: already imported
        for item in page.items:
            Appointment.objects.update_or_create(
                external_id=item["id"],
                defaults={
                    "practitioner": Practitioner.objects.get(external_id=item["practitioner_id"]),
                    "starts_at": item["starts_at"],
                    "status": item["status"],
                    "patient_ref": item["patient_ref"],
                },
            )
        count += len(page.items)
    return count


@sync_task("doctolib", "practitioner")
def refresh_practitioner(self, pk: int) -> None:
    practitioner = Practitioner.objects.get(pk=pk)
    data = DoctolibClient().get_practitioner(practitioner.external_id)
    practitioner.full_name = data["name"]
    practitioner.speciality = data.get("speciality", "")
    practitioner.photo_url = data.get("photo_url", "")
    practitioner.synced_at = timezone.now()
    practitioner.save()


@sync_task("doctolib", "practitioner_photo")
def refresh_practitioner_photo(self, pk: int) -> None:
    practitioner = Practitioner.objects.get(pk=pk)
    practitioner.photo = DoctolibClient().download(practitioner.photo_url)
    practitioner.save(update_fields=["photo"])


@sync_task("doctolib", "slots")
def fetch_slots(self, practitioner_pk: int, day: str) -> None:
    practitioner = Practitioner.objects.get(pk=practitioner_pk)
    cache.set(slots_cache_key(practitioner_pk, day), DoctolibClient().list_slots(practitioner.external_id, day), SLOTS_TTL)


@sync_task("doctolib", "cancellation")
def cancel_appointment(self, appointment_id: int) -> None:
    # No try/except: a refusal propagates, sync_task retries what is transient and surfaces the rest.
    appointment = Appointment.objects.get(pk=appointment_id)
    DoctolibClient().cancel_appointment(appointment.external_id)
    appointment.status = "cancelled"
    appointment.save(update_fields=["status"])
