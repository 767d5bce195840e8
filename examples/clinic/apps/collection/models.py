from django.contrib.auth.hashers import check_password, make_password
from django.db import models


class CollectionAgent(models.Model):
    """The small agent installed on a clinic's server that exports Logosw CSV files and uploads them."""

    name = models.CharField(max_length=120)
    clinic = models.CharField(max_length=120)
    base_url = models.URLField(help_text="Where the agent answers, inside the clinic's VPN.")
    secret_hash = models.CharField(max_length=128, editable=False)
    last_seen_at = models.DateTimeField(null=True)
    is_reachable = models.BooleanField(default=True)

    def set_secret(self, raw: str) -> None:
        self.secret_hash = make_password(raw)

    def check_secret(self, raw: str) -> bool:
        return check_password(raw, self.secret_hash)

    def __str__(self) -> str:
        return f"{self.name} ({self.clinic})"
