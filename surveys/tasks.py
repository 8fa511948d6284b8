"""Celery tasks of the surveys app: thin wrappers over one service each."""

from celery import shared_task

from surveys.services.import_jobs import execute_job


@shared_task(acks_late=True, soft_time_limit=30 * 60, time_limit=31 * 60)
def run_import_job(job_id: int) -> str:
    """Import a queued job's file (large files; small ones run in the request)."""
    return execute_job(job_id=job_id).status
