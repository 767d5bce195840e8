from django.db import models


class Company(models.Model):
    """A legal entity of the group; each one has its own Pennylane account and API token."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)  # PENNYLANE_TOKEN_<SLUG> holds its token
    siren = models.CharField(max_length=9, unique=True)

    def __str__(self) -> str:
        return self.name


class Invoice(models.Model):
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="invoices")
    number = models.CharField(max_length=40)
    customer_reference = models.CharField(max_length=64)
    customer_name = models.CharField(max_length=200)
    issued_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    status = models.CharField(max_length=20, default="draft")  # draft, pending, pushed, failed
    pennylane_id = models.CharField(max_length=64, blank=True)

    class Meta:
        unique_together = [("company", "number")]
