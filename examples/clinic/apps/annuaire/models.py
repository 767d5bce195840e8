from django.db import models


class RegistryCompany(models.Model):
    """A local copy of an INPI registry (RNE) record, so pages never wait on INPI."""

    siren = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=250)
    legal_form = models.CharField(max_length=120, blank=True)
    payload = models.JSONField(default=dict)
    fetched_at = models.DateTimeField(auto_now=True)
