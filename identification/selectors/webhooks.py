"""Reads of a client's webhook endpoints and their deliveries."""

from django.db.models import Count, Max, Prefetch, QuerySet

from identification.models import Client, WebhookAttempt, WebhookDelivery, WebhookEndpoint


def endpoints_of(*, client: Client) -> QuerySet[WebhookEndpoint]:
    """A client's endpoints, each with its number of deliveries and the last one's time."""
    return (
        WebhookEndpoint.objects.filter(client=client)
        .annotate(
            delivery_count=Count("deliveries"), last_delivery_at=Max("deliveries__created_at")
        )
        .order_by("url", "pk")
    )


def deliveries_of(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """An endpoint's deliveries, newest first, with every attempt."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("run")
        .prefetch_related(Prefetch("attempts", queryset=WebhookAttempt.objects.order_by("number")))
        .order_by("-created_at", "-pk")
    )
