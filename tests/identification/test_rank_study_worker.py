"""rank_study with a broker: the run is computed by a real Celery worker over Redis.

Needs CELERY_BROKER_URL; tests/conftest.py leaves these tests out where it is not set,
and fails the session instead when REQUIRE_SERVICES=1 (CI).
"""

import io

import pytest
from django.core.management import call_command

from identification.models import RankingRun
from tests.identification.test_celery_worker import wait_until_done
from tests.identification.test_runs import small_market

pytestmark = [pytest.mark.celery_worker, pytest.mark.django_db(transaction=True)]


def test_rank_study_waits_for_the_worker_and_prints_the_summary(tenant, worker):
    key = small_market(tenant.study)
    out = io.StringIO()

    call_command("rank_study", tenant.study.slug, "--timeout", "60", stdout=out)

    run = RankingRun.objects.get()
    assert run.status == RankingRun.Status.SUCCEEDED, run.error
    assert run.trigger == RankingRun.Trigger.COMMAND
    assert f"Run #{run.pk}: succeeded" in out.getvalue()
    assert f"Run #{run.pk} succeeded and is published" in out.getvalue()
    assert run.entries.get(rank=1).influencer_id == key.pk


def test_rank_study_no_wait_returns_while_the_worker_computes(tenant, worker):
    small_market(tenant.study)
    out = io.StringIO()

    call_command("rank_study", tenant.study.slug, "--no-wait", stdout=out)

    run = RankingRun.objects.get()
    assert f"Run #{run.pk} of " in out.getvalue()
    assert "succeeded and is published" not in out.getvalue()
    assert wait_until_done(run.pk).status == RankingRun.Status.SUCCEEDED
