"""Celery tasks of the surveys app: thin wrappers over one service each."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from surveys.services.import_jobs import execute_job


@shared_task(
    bind=True,
    acks_late=True,
    # Only a lost database connection is worth retrying (the job is claimed only once, so a
    # retry never imports twice); anything else is recorded on the job as its error.
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=5,
    # The soft limit raises inside the import, which rolls back and records the error.
    soft_time_limit=settings.IMPORT_JOB_TIMEOUT_SECONDS - 30,
    time_limit=settings.IMPORT_JOB_TIMEOUT_SECONDS,
)
def run_import_job(self, job_id: int, study_id: int | None = None) -> str:
    """Import a queued job's file (large files; small ones run in the request).

    `study_id` only labels the task's log lines. Returns the job's status.
    """
    return execute_job(job_id=job_id, task_id=self.request.id or "").status
