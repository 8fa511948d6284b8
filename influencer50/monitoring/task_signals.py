"""Celery signal handlers: each task's log fields, and its duration and failure metrics.

Connected by importing this module (influencer50/celery.py does), in every process that runs
tasks: the workers, and the web process when tasks run eagerly.
"""

import logging.config
import time

from celery import signals
from celery.states import FAILURE

from influencer50.monitoring import logs, metrics

# Our tasks record a failed run or import on its record and log the error there, then return
# the record's status instead of raising, so that the worker's log holds the traceback once.
FAILED_RESULT = "failed"

_running: dict[str, tuple[float, object]] = {}


@signals.setup_logging.connect
def _use_the_apps_logging(**_):
    """Workers and beat log through the app's LOGGING (JSON lines, LOG_LEVEL), not Celery's own
    set-up, which would also reset the root level to the command line's --loglevel."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)


@signals.task_prerun.connect
def _task_started(task_id=None, task=None, kwargs=None, **_):
    ids = {name: value for name, value in (kwargs or {}).items() if name.endswith("_id")}
    token = logs.bind_task_fields(task=task.name, task_id=task_id, **ids)
    _running[task_id] = (time.perf_counter(), token)


@signals.task_postrun.connect
def _task_finished(task_id=None, task=None, retval=None, state=None, **_):
    started, token = _running.pop(task_id, (None, None))
    if started is not None:
        metrics.TASK_DURATION.labels(task=task.name).observe(time.perf_counter() - started)
    if state == FAILURE or retval == FAILED_RESULT:
        metrics.TASK_FAILURES.labels(task=task.name).inc()
    if token is not None:
        logs.reset_task_fields(token)
