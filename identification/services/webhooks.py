"""Webhooks: registering a client's endpoints, and telling them when a study publishes a run.

Each event is one WebhookDelivery per endpoint, sent by a Celery task (identification.tasks
.deliver_webhook) that makes one attempt at a time and retries with a doubling wait; every
attempt is recorded with what came back. The body is JSON, signed with the endpoint's secret:

    X-Influencer50-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">

so a receiver can check both the sender and the freshness (replays) of each event.
"""

import hashlib
import hmac
import json
import secrets
import time
import uuid
from datetime import timedelta

import requests
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from identification.models import (
    Client,
    RankingRun,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)

RUN_PUBLISHED = "run.published"
SIGNATURE_HEADER = "X-Influencer50-Signature"
MIN_SECRET_LENGTH = 16
# What an attempt keeps of the receiver's answer, to show on the page.
EXCERPT_CHARS = 500


def sign(*, secret: str, timestamp: int, body: bytes) -> str:
    """The signature header's value for `body` sent at `timestamp`."""
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"t={timestamp},v1={mac.hexdigest()}"


def _check(*, url: str, secret: str) -> None:
    errors = {}
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        errors["url"] = "Enter a full URL, e.g. https://crm.example.com/hooks/influencer50."
    else:
        if not url.startswith("https://") and not settings.DEBUG:
            errors["url"] = "Use an https:// URL: events carry client data."
    if len(secret) < MIN_SECRET_LENGTH:
        errors["secret"] = f"Use a secret of at least {MIN_SECRET_LENGTH} characters."
    if errors:
        raise ValidationError(errors)


def create_endpoint(
    *, client: Client, user, url: str, secret: str = "", description: str = ""
) -> WebhookEndpoint:
    """Register an endpoint of `client`; a blank secret gets a random one."""
    url, secret = url.strip(), secret.strip() or secrets.token_urlsafe(32)
    _check(url=url, secret=secret)
    return WebhookEndpoint.objects.create(
        client=client, url=url, secret=secret, description=description.strip(), created_by=user
    )


def update_endpoint(
    *, endpoint: WebhookEndpoint, url: str, secret: str = "", description: str = "", active: bool
) -> WebhookEndpoint:
    """Change an endpoint; a blank secret keeps the old one."""
    url, secret = url.strip(), secret.strip() or endpoint.secret
    _check(url=url, secret=secret)
    endpoint.url, endpoint.secret, endpoint.active = url, secret, active
    endpoint.description = description.strip()
    endpoint.save()
    return endpoint


def delete_endpoint(*, endpoint: WebhookEndpoint) -> None:
    """Remove an endpoint with its deliveries and their attempts."""
    endpoint.delete()


def run_published_payload(*, run: RankingRun) -> dict:
    study = run.study
    api = settings.SITE_URL + "/api/v1/studies/" + study.slug
    return {
        "id": str(uuid.uuid4()),
        "event": RUN_PUBLISHED,
        "created_at": timezone.now().isoformat(),
        "client": study.client.slug,
        "study": {
            "slug": study.slug,
            "name": study.name,
            "url": settings.SITE_URL + reverse("identification:study", args=[study.slug]),
        },
        "run": {
            "id": run.pk,
            "finished_at": run.finished_at.isoformat() if run.finished_at else None,
            "evidence_count": run.evidence_count,
            "mention_count": run.mention_count,
            "influencer_count": run.influencer_count,
            "url": f"{api}/runs/{run.pk}/",
            "ranking_url": f"{api}/runs/{run.pk}/ranking/",
            "ranking_csv_url": f"{api}/runs/{run.pk}/ranking/?format=csv",
        },
    }


def _enqueue(delivery: WebhookDelivery) -> None:
    from identification.tasks import deliver_webhook

    transaction.on_commit(lambda: deliver_webhook.delay(delivery.pk))


@transaction.atomic
def queue_run_published(*, run: RankingRun) -> list[WebhookDelivery]:
    """One delivery of the run.published event to each active endpoint of the run's client."""
    run = RankingRun.objects.select_related("study__client").get(pk=run.pk)
    endpoints = WebhookEndpoint.objects.filter(client=run.study.client, active=True)
    deliveries = []
    for endpoint in endpoints:
        delivery = WebhookDelivery.objects.create(
            endpoint=endpoint,
            event=RUN_PUBLISHED,
            run=run,
            payload=run_published_payload(run=run),
            next_attempt_at=timezone.now(),
        )
        _enqueue(delivery)
        deliveries.append(delivery)
    return deliveries


def on_run_published(sender, *, run, **kwargs) -> None:
    """The `run_published` signal's receiver."""
    queue_run_published(run=run)


def _post(endpoint: WebhookEndpoint, delivery: WebhookDelivery) -> dict:
    body = json.dumps(delivery.payload, separators=(",", ":"), sort_keys=True).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "Influencer50-Webhooks/1",
        "X-Influencer50-Event": delivery.event,
        "X-Influencer50-Delivery": str(delivery.pk),
        SIGNATURE_HEADER: sign(secret=endpoint.secret, timestamp=int(time.time()), body=body),
    }
    started = time.monotonic()
    try:
        response = requests.post(
            endpoint.url,
            data=body,
            headers=headers,
            timeout=settings.WEBHOOK_TIMEOUT_SECONDS,
            allow_redirects=False,
        )
    except requests.RequestException as exc:
        outcome = {"status_code": None, "error": f"{type(exc).__name__}: {exc}"[:2000]}
    else:
        outcome = {
            "status_code": response.status_code,
            "response_excerpt": response.text[:EXCERPT_CHARS],
            "error": "" if response.ok else f"The endpoint answered {response.status_code}.",
        }
    outcome["duration_ms"] = int((time.monotonic() - started) * 1000)
    return outcome


def retry_delay(attempt_number: int) -> timedelta:
    """The wait after the `attempt_number`th failed attempt: base, 2×base, 4×base…"""
    return timedelta(seconds=settings.WEBHOOK_RETRY_BASE_SECONDS * 2 ** (attempt_number - 1))


def attempt_delivery(*, delivery_id: int) -> WebhookDelivery | None:
    """Make the next attempt of a pending delivery and record it.

    On success the delivery is done; on failure it waits `retry_delay` for the next attempt,
    or fails for good after WEBHOOK_MAX_ATTEMPTS. None if the delivery is gone.
    """
    delivery = WebhookDelivery.objects.select_related("endpoint").filter(pk=delivery_id).first()
    if delivery is None or delivery.status != WebhookDelivery.Status.PENDING:
        return delivery
    outcome = _post(delivery.endpoint, delivery)
    now = timezone.now()
    with transaction.atomic():
        delivery.attempt_count += 1
        attempt = WebhookAttempt.objects.create(
            delivery=delivery, number=delivery.attempt_count, attempted_at=now, **outcome
        )
        if attempt.succeeded:
            delivery.status, delivery.delivered_at = WebhookDelivery.Status.SUCCEEDED, now
            delivery.next_attempt_at = None
        elif delivery.attempt_count >= settings.WEBHOOK_MAX_ATTEMPTS:
            delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        else:
            delivery.next_attempt_at = now + retry_delay(delivery.attempt_count)
        delivery.save()
    return delivery


def redeliver(*, delivery: WebhookDelivery) -> WebhookDelivery:
    """Send a delivery again now (from the page), whatever its state; attempts go on counting."""
    delivery.status = WebhookDelivery.Status.PENDING
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "next_attempt_at"])
    _enqueue(delivery)
    return delivery
