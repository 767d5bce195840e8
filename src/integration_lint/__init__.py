"""integration-lint: keep Django/Celery integrations compliant with the integrations guideline."""

__version__ = "0.1.0"
