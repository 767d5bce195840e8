"""Company lookup page: a class-based view that calls INPI during the request (deviation)."""
from __future__ import annotations

from django.http import Http404, HttpRequest, JsonResponse
from django.views import View

from apps.annuaire.client import lookup_company


class CompanyLookupView(View):
    def get(self, request: HttpRequest, siren: str) -> JsonResponse:
        # Deviation: view -> apps/annuaire/client.lookup_company -> login() + requests.get
        record = lookup_company(siren)  # expect: IL401
        if record is None:
            raise Http404(siren)
        return JsonResponse({"siren": siren, "name": record["formality"]["content"]["personneMorale"]["identite"]["entreprise"]["denomination"]})
