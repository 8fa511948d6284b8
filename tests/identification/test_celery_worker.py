"""A run triggered through the page is computed by a real Celery worker over Redis.

Needs CELERY_BROKER_URL; tests/conftest.py leaves these tests out where it is not set,
and fails the session instead when REQUIRE_SERVICES=1 (CI).
"""

import time

import pytest
from django.urls import reverse

from identification.models import RankingRun
from identification.models.choices import Role
from identification.services.runs import request_auto_run
from tests.identification.test_runs import small_market

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]

WAIT_SECONDS = 60


def wait_until_done(run_id: int) -> RankingRun:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        run = RankingRun.objects.get(pk=run_id)
        if not run.is_active:
            return run
        time.sleep(0.2)
    pytest.fail(f"run #{run_id} still {run.status} after {WAIT_SECONDS} s")


def test_a_run_started_from_the_page_is_computed_by_the_worker_and_published(tenant, worker):
    key = small_market(tenant.study)
    http = tenant.http(Role.ANALYST)
    response = http.post(reverse("identification:compute_ranking", args=[tenant.study.slug]))
    assert response.status_code == 302
    run = tenant.study.runs.get()
    run = wait_until_done(run.pk)
    assert run.status == RankingRun.Status.SUCCEEDED, run.error
    assert run.progress == 100
    assert run.entries.get(rank=1).influencer_id == key.pk
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk
    panel = http.get(reverse("identification:ranking_panel", args=[tenant.study.slug]))
    assert "hx-trigger" not in panel.content.decode()


def test_an_automatic_run_goes_through_the_worker_too(tenant, worker, settings):
    settings.RANKING_AUTO_DELAY_SECONDS = 1
    small_market(tenant.study)
    run = request_auto_run(study=tenant.study)
    assert run.status == RankingRun.Status.QUEUED
    run = wait_until_done(run.pk)
    assert run.status == RankingRun.Status.SUCCEEDED, run.error
    assert run.trigger == RankingRun.Trigger.AUTO
