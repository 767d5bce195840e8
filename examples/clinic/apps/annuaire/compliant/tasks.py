"""INPI tasks: the registry is read by a task into RegistryCompany, never by a page."""
from __future__ import annotations

from apps.annuaire.compliant.client import lookup_company
from apps.annuaire.models import RegistryCompany
from integration_lint.runtime import sync_task


def denomination(record: dict) -> str:
    return record["formality"]["content"]["personneMorale"]["identite"]["entreprise"]["denomination"]


@sync_task("inpi", "company")
def refresh_company(self, siren: str) -> None:
    record = lookup_company(siren)
    RegistryCompany.objects.update_or_create(
        siren=siren,
        defaults={"name": denomination(record), "payload": record},
    )
