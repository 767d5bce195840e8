from __future__ import annotations

from django.apps import AppConfig


class IntegrationRuntimeConfig(AppConfig):
    name = "integration_lint.runtime.django"
    label = "integration_runtime"
    verbose_name = "Integration runtime"
    default_auto_field = "django.db.models.BigAutoField"
