"""Webhooks: a client's endpoints told when a study publishes a ranking, and every attempt."""

from django.conf import settings
from django.db import models

from identification.models.constraints import one_of
from identification.models.runs import RankingRun
from identification.models.tenancy import Client


class WebhookEndpoint(models.Model):
    """A URL of a client's that receives HMAC-signed JSON events."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField("URL", max_length=500)
    description = models.CharField(max_length=200, blank=True)
    # Kept as given: the HMAC needs the secret itself, so it cannot be stored hashed.
    secret = models.CharField(max_length=200)
    active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["url", "pk"]

    def __str__(self) -> str:
        return self.url


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SUCCEEDED = "succeeded", "Delivered"
    FAILED = "failed", "Failed"


class WebhookDelivery(models.Model):
    """One event sent to one endpoint, retried with backoff until it succeeds or gives up."""

    # Module-level so that Meta (which cannot see the class body) can constrain it.
    Status = DeliveryStatus

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=50)
    run = models.ForeignKey(
        RankingRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    payload = models.JSONField()
    status = models.CharField(
        max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempt_count = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name_plural = "webhook deliveries"
        constraints = [one_of("webhook_delivery", "status", DeliveryStatus)]

    def __str__(self) -> str:
        return f"{self.event} to {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP request of a delivery: what came back, or why nothing did."""

    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    attempted_at = models.DateTimeField()
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    response_excerpt = models.TextField(blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["delivery", "number"]
        constraints = [
            models.UniqueConstraint(fields=["delivery", "number"], name="webhook_attempt_unique")
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of {self.delivery}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
