"""Celery tasks of the identification app: ids in, one service call."""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from identification.services.runs import execute_run


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
