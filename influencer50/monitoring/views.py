"""The operational endpoints: liveness, readiness and metrics (served by the middleware)."""

import secrets

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST

from influencer50.monitoring import health, metrics


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a slow database cannot fail it."""
    return _no_store(JsonResponse({"status": "ok"}))


def readyz(request):
    """Readiness: 200 when the database, migrations, broker and workers are all right, else 503."""
    ready, report = health.readiness()
    return _no_store(JsonResponse(report, status=200 if ready else 503))


def metrics_view(request):
    """Prometheus' text format, for a scraper holding METRICS_TOKEN as its bearer token."""
    token = settings.METRICS_TOKEN
    if not token:
        return _no_store(
            JsonResponse(
                {"error": "Metrics are off: set METRICS_TOKEN to turn them on."}, status=403
            )
        )
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    if not secrets.compare_digest(given.encode(), token.encode()):
        response = JsonResponse({"error": "A valid bearer token is required."}, status=401)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return _no_store(response)
    return _no_store(HttpResponse(metrics.render(), content_type=CONTENT_TYPE_LATEST))
