from django.db import models

from integration_lint.runtime.django.models import ImportRecordMixin


class ImportRow(ImportRecordMixin):
    source = models.CharField(max_length=50)
    payload = models.JSONField(default=dict)
