"""Doctolib sync logic shared by the views and the tasks."""
from __future__ import annotations

from django.utils import timezone

from apps.sync.client import DoctolibClient
from apps.sync.models import Appointment, Practitioner


def refresh_practitioner(pk: int) -> Practitioner:
    practitioner = Practitioner.objects.get(pk=pk)
    client = DoctolibClient()
    data = client.get_practitioner(practitioner.external_id)
    practitioner.full_name = data["name"]
    practitioner.speciality = data.get("speciality", "")
    practitioner.photo_url = data.get("photo_url", "")
    practitioner.synced_at = timezone.now()
    practitioner.save()
    return practitioner


def sync_appointments(practice_id: str, updated_since: str) -> int:
    client = DoctolibClient()
    count = 0
    for item in client.iter_appointments(practice_id, updated_since):
        practitioner = Practitioner.objects.get(external_id=item["practitioner_id"])
        Appointment.objects.update_or_create(
            external_id=item["id"],
            defaults={
                "practitioner": practitioner,
                "starts_at": item["starts_at"],
                "status": item["status"],
                "patient_ref": item["patient_ref"],
            },
        )
        count += 1
    return count


def cancel_appointment(appointment: Appointment) -> None:
    # Deviation: if Doctolib refuses the cancellation, nobody will ever know.
    try:
        DoctolibClient().cancel_appointment(appointment.external_id)
    except:  # expect: IL301
        pass
    appointment.status = "cancelled"
    appointment.save(update_fields=["status"])
