"""An import whose worker was lost mid-way is taken over by the same task, delivered again."""

import pytest

from identification.models import Evidence
from surveys.models import ImportJob
from surveys.services.import_jobs import execute_job
from surveys.tasks import run_import_job
from tests.surveys.test_import_tasks import _queued_job

pytestmark = pytest.mark.django_db

Status = ImportJob.Status


def lost_mid_import(tenant, task_id="task-a") -> ImportJob:
    job = _queued_job(tenant)
    job.status, job.task_id = Status.RUNNING, task_id
    job.save(update_fields=["status", "task_id"])
    return job


def test_the_task_that_started_an_import_takes_it_over_and_finishes_it(tenant):
    job = lost_mid_import(tenant)
    assert execute_job(job_id=job.pk, task_id="task-a").status == Status.SUCCEEDED
    assert Evidence.objects.filter(study=tenant.study).count() == 3


def test_another_message_for_a_running_import_leaves_it_alone(tenant):
    job = lost_mid_import(tenant)
    for task_id in ("task-b", ""):
        assert execute_job(job_id=job.pk, task_id=task_id).status == Status.RUNNING
    assert not Evidence.objects.exists()


def test_a_claimed_import_records_its_task_and_runs_once(tenant):
    job = _queued_job(tenant)
    first = run_import_job.apply(kwargs={"job_id": job.pk}, task_id="the-task-id")
    assert first.get() == Status.SUCCEEDED
    job.refresh_from_db()
    assert job.task_id == "the-task-id"
    again = run_import_job.apply(kwargs={"job_id": job.pk}, task_id="the-task-id")
    assert again.get() == Status.SUCCEEDED
    assert Evidence.objects.count() == 3
