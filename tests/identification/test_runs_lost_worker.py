"""A run whose worker was lost mid-way is taken over by the same task, delivered again.

Tasks are acknowledged late, so the broker hands an unfinished task to another worker; the
run must then start over under that task, and under no other message for it.
"""

import pytest
from django.conf import settings

from identification.models import RankingRun
from identification.services import runs
from identification.tasks import compute_ranking
from tests.identification.test_runs import small_market

pytestmark = pytest.mark.django_db

Status = RankingRun.Status


def lost_mid_run(study, task_id="task-a") -> RankingRun:
    """A run as a lost worker leaves it: taken by `task_id`, running, nothing written."""
    return RankingRun.objects.create(study=study, status=Status.RUNNING, task_id=task_id)


def test_the_task_that_started_a_run_takes_it_over_and_finishes_it(tenant):
    key = small_market(tenant.study)
    run = lost_mid_run(tenant.study)
    done = runs.execute_run(run_id=run.pk, task_id="task-a")
    assert done.status == Status.SUCCEEDED
    assert done.entries.get(rank=1).influencer_id == key.pk
    assert done.entries.count() == 7
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk


def test_another_message_for_a_running_run_leaves_it_alone(tenant):
    small_market(tenant.study)
    run = lost_mid_run(tenant.study)
    for task_id in ("task-b", ""):  # a duplicate message; the command line
        assert runs.execute_run(run_id=run.pk, task_id=task_id).status == Status.RUNNING
    assert not run.entries.exists()


def test_a_claimed_run_records_its_task(tenant):
    small_market(tenant.study)
    run = RankingRun.objects.create(study=tenant.study)
    result = compute_ranking.apply(kwargs={"run_id": run.pk}, task_id="the-task-id")
    assert result.get() == Status.SUCCEEDED
    run.refresh_from_db()
    assert run.task_id == "the-task-id"
    # The same message delivered again after it finished changes nothing.
    again = compute_ranking.apply(kwargs={"run_id": run.pk}, task_id="the-task-id")
    assert again.get() == Status.SUCCEEDED
    assert run.entries.count() == 7


def test_tasks_are_acknowledged_late_and_given_back_when_the_worker_dies():
    assert settings.CELERY_TASK_ACKS_LATE
    assert settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    assert settings.CELERY_WORKER_PREFETCH_MULTIPLIER == 1
    # Redis must not hand a task to a second worker while the first may still be running it.
    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert visibility > compute_ranking.time_limit
    assert visibility > settings.IMPORT_JOB_TIMEOUT_SECONDS
