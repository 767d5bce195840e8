"""URL map. Each deviating view sits next to its compliant twin (under `compliant/`)."""
from django.urls import path

from apps.annuaire.compliant import views as annuaire_ok
from apps.annuaire.views import CompanyLookupView
from apps.collection import views as collection
from apps.collection.compliant import views as collection_ok
from apps.imports import views as imports
from apps.imports.compliant import views as imports_ok
from apps.pennylane_sync import views as pennylane
from apps.pennylane_sync.compliant import views as pennylane_ok
from apps.sync import views as sync
from apps.sync.compliant import views as sync_ok

urlpatterns = [
    # Doctolib
    path("practitioners/<int:pk>/slots/", sync.practitioner_slots),
    path("practitioners/<int:pk>/refresh-now/", sync.refresh_practitioner_now),
    path("practitioners/<int:pk>/refresh/", sync.refresh_practitioner),
    path("v2/practitioners/<int:pk>/slots/", sync_ok.practitioner_slots),
    path("v2/practitioners/<int:pk>/refresh/", sync_ok.refresh_practitioner),
    # Pennylane
    path("invoices/<int:pk>/ready/", pennylane.mark_invoice_ready),
    path("companies/<int:company_id>/fec/", pennylane.request_fec_export),
    path("v2/invoices/<int:pk>/ready/", pennylane_ok.mark_invoice_ready),
    # Logosw uploads and collection agents
    path("agents/enroll/", collection.enroll_agent),
    path("agents/<int:pk>/status/", collection.agent_status),
    path("v2/agents/<int:pk>/status/", collection_ok.agent_status),
    path("imports/upload/", imports.agent_upload),
    path("imports/rows/<int:pk>/retry/", imports.retry_row),
    path("v2/imports/rows/<int:pk>/retry/", imports_ok.retry_row),
    # INPI registry
    path("companies/lookup/<str:siren>/", CompanyLookupView.as_view()),
    path("v2/companies/lookup/<str:siren>/", annuaire_ok.CompanyLookupView.as_view()),
]
