"""Root URLconf. Every page lives under a language prefix (`/ar/`, `/en/`); machine endpoints
(`/health/`, `/metrics`, `/api/`, `/i18n/`) do not."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView

from accounts import views_identity as identity_views
from core import views as core_views
from employment import api as employment_api
from lmi import views as lmi_views
from notifications import webhooks as sms_webhooks
from omanization import api as omanization_api
from payments import api as payments_api
from payments import webhooks as payment_webhooks
from permits import api as permits_api

urlpatterns = [
    path("health/", core_views.health_view, name="health"),
    path("health/live/", core_views.liveness_view, name="health-live"),
    # the portal's public keys, for the national identity provider (ADR 0017)
    path(".well-known/jwks.json", identity_views.jwks_view, name="jwks"),
    path("metrics", core_views.metrics_view, name="prometheus-django-metrics"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("sms/status/<uuid:public_id>/", sms_webhooks.status_callback_view, name="sms-status"),
    path("sms/inbound/", sms_webhooks.inbound_view, name="sms-inbound"),
    path(
        "payments/gateway/callback/",
        payment_webhooks.gateway_callback_view,
        name="payments-gateway-callback",
    ),
    path(
        "api/v1/g2g/omanization/<str:cr_number>/",
        omanization_api.OmanizationComplianceView.as_view(),
        name="api-g2g-omanization",
    ),
    path(
        "api/v1/g2g/establishments/<str:cr_number>/omanization-plan/",
        omanization_api.OmanizationPlanView.as_view(),
        name="api-g2g-omanization-plan",
    ),
    path(
        "api/v1/g2g/permits/<str:number>/",
        permits_api.PermitClearanceView.as_view(),
        name="api-g2g-permit",
    ),
    path(
        "api/v1/g2g/permits/<str:number>/visas/",
        permits_api.PermitVisaView.as_view(),
        name="api-g2g-permit-visas",
    ),
    path(
        "api/v1/g2g/departures/",
        employment_api.DepartureView.as_view(),
        name="api-g2g-departures",
    ),
    path("api/v1/g2g/", include("integrations.api_urls")),
    path("api/v1/g2g/", include("workstatus.api_urls")),
    # open data of the labour market (lmi): no sign-in, rate-limited, cached
    path("api/v1/open/", lmi_views.open_catalogue_view, name="api-open-catalogue"),
    path(
        "api/v1/open/<slug:code>.<str:kind>",
        lmi_views.open_dataset_view,
        name="api-open-dataset",
    ),
    path("api/v1/g2g/revenue/", payments_api.RevenueView.as_view(), name="api-g2g-revenue"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="api-schema"), name="api-docs"),
]

urlpatterns += i18n_patterns(
    # first: a supervisor's phone opens the scanner from every QR at a gate, and a worker's
    # phone checks in from every room's QR, while each include before them is walked pattern
    # by pattern on every request (their paths are their own: no other app's pattern matches
    # under accommodation/, staff/accommodation/ or employer/<id>/accommodation/)
    path("", include("workstatus.urls")),
    path("", include("accommodation.urls")),
    path("", include("core.public_urls")),
    path("accounts/", include("accounts.urls")),
    path("", include("employers.urls")),
    path("", include("omanization.urls")),
    path("", include("permits.urls")),
    path("", include("employment.urls")),
    path("", include("jobseekers.urls")),
    path("", include("core.urls")),
    path("", include("notifications.urls")),
    path("", include("integrations.urls")),
    path("", include("sanad.urls")),
    path("", include("lmi.urls")),
    path("", include("payments.urls")),
    path("", include("inspections.urls")),
    path("", include("taxonomy.urls")),
    path("admin/", admin.site.urls),
    prefix_default_language=True,
)

handler400 = "core.views.bad_request_view"
handler403 = "core.views.permission_denied_view"
handler404 = "core.views.page_not_found_view"
handler500 = "core.views.server_error_view"

if settings.DEBUG:  # pragma: no cover - development convenience only
    urlpatterns += [path("__debug__/500/", core_views.server_error_view)]
