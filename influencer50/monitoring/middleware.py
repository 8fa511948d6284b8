"""Middleware: the operational endpoints, served first; and each request's latency metric."""

import time

from django.http import HttpResponseNotAllowed

from influencer50.monitoring import metrics, views

ENDPOINTS = {"/healthz": views.healthz, "/readyz": views.readyz, "/metrics": views.metrics_view}


class OperationalEndpointsMiddleware:
    """Answers /healthz, /readyz and /metrics before any other middleware runs.

    So they answer plain HTTP even with SECURE_SSL_REDIRECT on, and whatever Host header the
    probe sends (a container's health check asks 127.0.0.1, which ALLOWED_HOSTS may not list).
    They hold nothing confidential; /metrics has a token of its own.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        view = ENDPOINTS.get(request.path_info.rstrip("/"))
        if view is None:
            return self.get_response(request)
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return view(request)


class RequestMetricsMiddleware:
    """Observes each request's time and status under its view's URL name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        started = time.perf_counter()
        response = self.get_response(request)
        match = request.resolver_match
        view = match.view_name if match else "<unresolved>"
        method = request.method if request.method in KNOWN_METHODS else "other"
        metrics.REQUEST_LATENCY.labels(view=view, method=method).observe(
            time.perf_counter() - started
        )
        metrics.RESPONSES.labels(view=view, method=method, status=response.status_code).inc()
        return response


# Anything else is counted as "other", so a client cannot add label values at will.
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
