from django.db import models


class ImportBatch(models.Model):
    """One Logosw CSV file uploaded by a CollectionAgent. The content hash makes re-uploads harmless."""

    agent = models.ForeignKey("collection.CollectionAgent", on_delete=models.PROTECT, related_name="batches")
    source_file = models.FileField(upload_to="logosw/%Y/%m/")
    sha256 = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(auto_now_add=True)


class ImportRow(models.Model):
    """One line of a Logosw export. A failed line says so here, where the support team looks."""

    class Status(models.TextChoices):
        PENDING = "pending"
        IMPORTED = "imported"
        FAILED = "failed"

    batch = models.ForeignKey(ImportBatch, on_delete=models.CASCADE, related_name="rows")
    line_number = models.PositiveIntegerField()
    raw = models.JSONField()
    payer_name = models.CharField(max_length=250, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(blank=True)

    class Meta:
        unique_together = [("batch", "line_number")]
