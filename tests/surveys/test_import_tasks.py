"""The background import task: retried on a database outage only, with time limits."""

import pytest
from django.conf import settings
from django.db import InterfaceError, OperationalError

from identification.models import Evidence
from surveys.models import ImportJob
from surveys.services.import_jobs import create_import_job, execute_job
from surveys.tasks import run_import_job
from tests.surveys.helpers import read

pytestmark = pytest.mark.django_db


def _queued_job(tenant) -> ImportJob:
    job = create_import_job(
        study=tenant.study,
        user=tenant.users["analyst"],
        filename="long.csv",
        content=read("long.csv"),
    )
    job.status = ImportJob.Status.QUEUED
    job.save(update_fields=["status"])
    return job


def _flaky(error: Exception, calls: list):
    """execute_job, failing with `error` the first time it is called."""

    def run(*, job_id, task_id):
        calls.append(job_id)
        if len(calls) == 1:
            raise error
        return execute_job(job_id=job_id, task_id=task_id)

    return run


def test_the_task_has_time_limits_from_settings_and_retries_only_database_outages():
    assert set(run_import_job.autoretry_for) == {OperationalError, InterfaceError}
    assert run_import_job.retry_backoff
    assert run_import_job.max_retries == 5
    assert run_import_job.time_limit == settings.IMPORT_JOB_TIMEOUT_SECONDS
    assert 0 < run_import_job.soft_time_limit < run_import_job.time_limit


def test_a_database_outage_as_the_job_starts_is_retried(tenant, monkeypatch):
    job, calls = _queued_job(tenant), []
    monkeypatch.setattr(
        "surveys.tasks.execute_job", _flaky(OperationalError("server closed the connection"), calls)
    )

    result = run_import_job.apply(args=[job.pk], throw=False)

    assert result.get() == ImportJob.Status.SUCCEEDED
    assert calls == [job.pk, job.pk]
    assert Evidence.objects.count() == 3


def test_any_other_error_is_not_retried(tenant, monkeypatch):
    job, calls = _queued_job(tenant), []
    monkeypatch.setattr("surveys.tasks.execute_job", _flaky(ValueError("a bug"), calls))

    result = run_import_job.apply(args=[job.pk], throw=False)

    assert result.failed()
    assert calls == [job.pk]
    assert Evidence.objects.count() == 0
