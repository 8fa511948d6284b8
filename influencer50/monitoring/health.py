"""What `/readyz` reports: the database, migrations, broker and workers, and ranking freshness.

Nothing confidential: studies appear by id, never by client or study name.
"""

import logging

from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Max, OuterRef, Q, Subquery
from django.utils import timezone

from influencer50.monitoring.queues import broker_configured, task_queues

logger = logging.getLogger(__name__)

# How long the workers get to answer; the whole check waits this long when a broker is set.
WORKER_REPLY_SECONDS = 1.0

_migrated = False  # once all are applied they stay so for this process's code


def database() -> dict:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return {"ok": True}


def migrations() -> dict:
    global _migrated
    if not _migrated:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if plan:
            return {"ok": False, "unapplied": len(plan)}
        _migrated = True
    return {"ok": True, "unapplied": 0}


def broker() -> dict:
    from influencer50.celery import app

    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, interval_start=0, interval_step=0)
    return {"ok": True}


def workers() -> dict:
    """Workers answering, per queue the tasks go to; every queue needs at least one."""
    from influencer50.celery import app

    replies = app.control.inspect(timeout=WORKER_REPLY_SECONDS).active_queues() or {}
    per_queue = dict.fromkeys(task_queues(), 0)
    for queues in replies.values():
        for queue in queues:
            if queue["name"] in per_queue:
                per_queue[queue["name"]] += 1
    return {"ok": all(per_queue.values()), "workers": len(replies), "queues": per_queue}


def ranking_ages() -> list[dict]:
    """Per study (by id): seconds since its last successful run, and its latest run's status."""
    from identification.models import RankingRun, Study

    latest = RankingRun.objects.filter(study=OuterRef("pk")).order_by("-created_at", "-pk")
    rows = (
        Study.objects.annotate(
            last_success=Max(
                "runs__finished_at", filter=Q(runs__status=RankingRun.Status.SUCCEEDED)
            ),
            latest_status=Subquery(latest.values("status")[:1]),
        )
        .order_by("pk")
        .values_list("pk", "last_success", "latest_status")
    )
    now = timezone.now()
    return [
        {
            "study": pk,
            "last_success_age_seconds": (
                round((now - last).total_seconds()) if last is not None else None
            ),
            "latest_run": status,
        }
        for pk, last, status in rows
    ]


def _check(name: str, function):
    try:
        return function()
    except Exception as exc:  # reported and logged: a failing part must not crash the probe
        logger.warning("Readiness check %r failed", name, exc_info=True)
        return {"ok": False, "error": f"{type(exc).__name__}: {exc}"[:200]}


def readiness() -> tuple[bool, dict]:
    """(ready, report): ready when every check passes; the report says which did not."""
    checks = {"database": _check("database", database)}
    if checks["database"]["ok"]:
        checks["migrations"] = _check("migrations", migrations)
    if broker_configured():
        checks["broker"] = _check("broker", broker)
        if checks["broker"]["ok"]:
            checks["workers"] = _check("workers", workers)
    else:
        checks["broker"] = {"ok": True, "configured": False, "note": "tasks run in the web process"}
    ready = "migrations" in checks and all(check["ok"] for check in checks.values())
    report = {"status": "ok" if ready else "unavailable", "checks": checks}
    if checks.get("migrations", {}).get("ok"):
        report["rankings"] = _check("rankings", ranking_ages)
    return ready, report
