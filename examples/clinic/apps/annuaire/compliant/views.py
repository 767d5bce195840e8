"""Company lookup page, compliant twin of apps/annuaire/views.py: serves the local copy and asks
a task to refresh it; the page never waits on INPI."""
from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views import View

from apps.annuaire.compliant.tasks import refresh_company
from apps.annuaire.models import RegistryCompany

STALE_AFTER = timedelta(days=7)


class CompanyLookupView(View):
    def get(self, request: HttpRequest, siren: str) -> JsonResponse:
        company = RegistryCompany.objects.filter(siren=siren).first()
        if company is None or company.fetched_at < timezone.now() - STALE_AFTER:
            refresh_company.delay(siren)
        if company is None:
            return JsonResponse({"siren": siren, "status": "fetching"}, status=202)
        return JsonResponse({"siren": siren, "name": company.name, "fetched_at": company.fetched_at})
