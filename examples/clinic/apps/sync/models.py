from django.db import models


class Practitioner(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    full_name = models.CharField(max_length=200)
    speciality = models.CharField(max_length=120, blank=True)
    photo_url = models.URLField(blank=True)
    photo = models.BinaryField(null=True, editable=False)
    synced_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return self.full_name


class Appointment(models.Model):
    external_id = models.CharField(max_length=64, unique=True)
    practitioner = models.ForeignKey(Practitioner, on_delete=models.CASCADE, related_name="appointments")
    starts_at = models.DateTimeField()
    status = models.CharField(max_length=20, default="booked")
    patient_ref = models.CharField(max_length=64)
