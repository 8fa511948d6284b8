"""Celery tasks of the identification app: ids in, one service call."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from identification.models import WebhookDelivery
from identification.services.runs import execute_run
from identification.services.webhooks import attempt_delivery


@shared_task(
    bind=True,
    # Only a lost database connection is worth retrying; anything else fails the run.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    # The soft limit raises inside the run, which then records the timeout as its error.
    soft_time_limit=settings.RANKING_RUN_TIMEOUT_SECONDS - 30,
    time_limit=settings.RANKING_RUN_TIMEOUT_SECONDS,
)
def compute_ranking(self, run_id: int, study_id: int | None = None) -> str:
    """Compute ranking run `run_id`; progress and errors are written into the run record.

    `study_id` only labels the task's log lines. Returns the run's status ("failed" counts as a
    failure in the task metrics; the run's error is on the record and in the log, once).
    """
    run = execute_run(run_id=run_id, task_id=self.request.id or "")
    return run.status if run is not None else "gone"


@shared_task(bind=True, max_retries=None, acks_late=True, time_limit=120)
def deliver_webhook(self, delivery_id: int) -> str:
    """One attempt of webhook delivery `delivery_id`; a failed one is retried after the
    delivery's backoff (by the worker: an eager run in a web request does not wait)."""
    delivery = attempt_delivery(delivery_id=delivery_id)
    if delivery is None:
        return "gone"
    if delivery.status == WebhookDelivery.Status.PENDING and not self.request.is_eager:
        wait = max(0.0, (delivery.next_attempt_at - timezone.now()).total_seconds())
        raise self.retry(countdown=wait)
    return delivery.status
