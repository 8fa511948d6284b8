"""A webhook delivery is retried with backoff by a real Celery worker until the receiver
answers (CI: Redis and a worker; left out where no broker is set)."""

import time

import pytest
from werkzeug import Response

from identification.models import RankingRun, WebhookDelivery
from identification.services import webhooks
from identification.services.runs import publish_run

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_retries_a_failed_delivery_until_it_succeeds(
    tenant, worker, httpserver, settings
):
    settings.DEBUG, settings.WEBHOOK_RETRY_BASE_SECONDS = True, 1
    answers = iter([Response("busy", status=503)])
    httpserver.expect_request("/hook").respond_with_handler(
        lambda request: next(answers, Response("ok"))
    )
    webhooks.create_endpoint(
        client=tenant.client, user=None, url=httpserver.url_for("/hook"), secret="s" * 20
    )
    run = RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.SUCCEEDED)
    publish_run(run=run)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        delivery = WebhookDelivery.objects.filter(run=run).first()
        if delivery and delivery.status != WebhookDelivery.Status.PENDING:
            break
        time.sleep(0.2)
    assert delivery.status == WebhookDelivery.Status.SUCCEEDED
    attempts = list(delivery.attempts.order_by("number"))
    assert [a.status_code for a in attempts] == [503, 200]
    assert (attempts[1].attempted_at - attempts[0].attempted_at).total_seconds() >= 1
