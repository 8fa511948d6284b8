"""Log lines: JSON in production, readable in development, each with its request's or task's ids.

The request id comes from django-log-request-id's middleware; a task's ids (its name, id and the
`*_id` arguments it was sent, such as the study and run) are bound by `task_signals` for as long
as the task runs. One filter puts both on every record, whichever logger wrote it.
"""

import contextvars
import logging
from contextlib import contextmanager

from log_request_id import local as request_local
from pythonjsonlogger.core import RESERVED_ATTRS

FORMATS = ("json", "text")

_task_fields: contextvars.ContextVar[dict | None] = contextvars.ContextVar(
    "task_log_fields", default=None
)


def bind_task_fields(**fields) -> contextvars.Token:
    """Add fields to every log line of this task until `reset_task_fields(token)`."""
    return _task_fields.set({**(_task_fields.get() or {}), **fields})


def reset_task_fields(token: contextvars.Token) -> None:
    _task_fields.reset(token)


@contextmanager
def task_fields(**fields):
    token = bind_task_fields(**fields)
    try:
        yield
    finally:
        reset_task_fields(token)


class ContextFilter(logging.Filter):
    """Puts the request id and the running task's fields on each record (as attributes)."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = getattr(request_local, "request_id", None)
        fields = {"request_id": request_id} if request_id else {}
        fields.update(_task_fields.get() or {})
        for name, value in fields.items():
            setattr(record, name, value)
        record.context_fields = tuple(fields)
        return True


class TextFormatter(logging.Formatter):
    """`time level logger [request_id=… run_id=…] message`: for a developer's terminal."""

    def __init__(self):
        super().__init__("%(asctime)s %(levelname)-7s %(name)s %(context)s%(message)s")

    def format(self, record: logging.LogRecord) -> str:
        names = getattr(record, "context_fields", ())
        pairs = " ".join(f"{name}={getattr(record, name)}" for name in names)
        record.context = f"[{pairs}] " if pairs else ""
        return super().format(record)


def logging_config(*, fmt: str, level: str) -> dict:
    """The dictConfig of every process: Django's, Celery's (not hijacked) and gunicorn's."""
    handler = {"class": "logging.StreamHandler", "filters": ["context"], "formatter": fmt}
    # Loggers that have handlers of their own by default only propagate to the root, so that
    # each line (and a traceback) is written once, in the one format.
    propagate_only = {"handlers": [], "propagate": True}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"context": {"()": ContextFilter}},
        "formatters": {
            "json": {
                "()": "pythonjsonlogger.json.JsonFormatter",
                "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
                "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
                # The helper attribute of the text format; JSON has the fields themselves.
                "reserved_attrs": [*RESERVED_ATTRS, "context_fields"],
            },
            "text": {"()": TextFormatter},
        },
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": {**propagate_only, "level": level},
            "gunicorn.error": {**propagate_only, "level": level},
            # Each request is logged by log_request_id with its id; gunicorn's own line has none.
            "gunicorn.access": {"handlers": [], "propagate": False},
        },
    }
