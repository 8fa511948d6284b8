"""Prometheus metrics (prometheus_client): requests by view, tasks by name, queue lengths.

Under gunicorn and Celery's prefork pool each process counts for itself; with
PROMETHEUS_MULTIPROC_DIR set (docker-compose.yml and `make run-stack` set it) they write their
figures to files there, and `/metrics` adds up every process's files, the workers' included.
"""

import os
import socket

from prometheus_client import (
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

MULTIPROCESS = bool(os.environ.get("PROMETHEUS_MULTIPROC_DIR"))
if MULTIPROCESS:
    # The files are named after their process. Containers sharing the directory each number
    # their processes from 1, so the host name goes in too (prometheus_client uses "_" itself).
    _HOST = socket.gethostname().replace("_", "-")
    values.ValueClass = values.MultiProcessValue(
        process_identifier=lambda: f"{_HOST}-{os.getpid()}"
    )

REQUEST_LATENCY = Histogram(
    "influencer50_http_request_duration_seconds",
    "Time to answer a request, by view (URL name) and method.",
    ["view", "method"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
RESPONSES = Counter(
    "influencer50_http_responses",
    "Responses by view, method and status code.",
    ["view", "method", "status"],
)
TASK_DURATION = Histogram(
    "influencer50_task_duration_seconds",
    "Run time of finished Celery tasks, by task.",
    ["task"],
    buckets=(0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1200, 1800, 3600),
)
TASK_FAILURES = Counter(
    "influencer50_task_failures",
    "Celery tasks that raised, or whose run or import job ended failed, by task.",
    ["task"],
)


class _QueueLengths:
    """Messages waiting in each of the app's queues, asked of the broker at scrape time."""

    def collect(self):
        from influencer50.celery import app
        from influencer50.monitoring.queues import broker_configured, task_queues

        family = GaugeMetricFamily(
            "influencer50_queue_length", "Tasks waiting in each Celery queue.", labels=["queue"]
        )
        if broker_configured():
            with app.connection_for_read() as conn:
                conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
                channel = conn.default_channel
                for queue in task_queues():
                    family.add_metric([queue], _waiting(channel, queue))
        yield family


def _waiting(channel, queue: str) -> int:
    try:
        return channel.queue_declare(queue=queue, passive=True).message_count
    except channel.connection.client.channel_errors:
        return 0  # no worker has declared it yet, so nothing was ever queued there


class _RankingAges:
    """Seconds since each study's last successful ranking run (studies by id only)."""

    def collect(self):
        from influencer50.monitoring.health import ranking_ages

        family = GaugeMetricFamily(
            "influencer50_ranking_last_success_age_seconds",
            "Seconds since the study's last successful ranking run (studies that have one).",
            labels=["study"],
        )
        for row in ranking_ages():
            if row["last_success_age_seconds"] is not None:
                family.add_metric([str(row["study"])], row["last_success_age_seconds"])
        yield family


class _ThisProcess:
    """This process's own metrics, when there are no files of other processes to add up."""

    def collect(self):
        yield from REGISTRY.collect()


def render() -> bytes:
    """The text exposition format of every metric, for `/metrics`."""
    registry = CollectorRegistry()
    if MULTIPROCESS:
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())
    registry.register(_QueueLengths())
    registry.register(_RankingAges())
    return generate_latest(registry)
