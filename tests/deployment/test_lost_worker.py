"""A real rankings worker, killed mid-run, loses no work: another worker finishes the run.

The worker runs docker-compose.yml's own command. The test holds the study's row lock, so the
run stops just before publishing (entries written, not committed); the worker is then killed
with SIGKILL, main process and pool child together, as when a machine is lost.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from django.test import override_settings

from identification.models import RankingRun
from identification.services.runs import start_run
from influencer50 import stack
from tests.conftest import purge_queues
from tests.deployment.postgres import url_of
from tests.identification.test_runs import small_market

pytestmark = [
    pytest.mark.postgresql,
    pytest.mark.celery_worker,
    pytest.mark.django_db(transaction=True),
]

ROOT = Path(__file__).resolve().parents[2]
WAIT_SECONDS = 60


def start_worker(**env) -> subprocess.Popen:
    command = stack.long_running(stack.load_compose())["rankings"]
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "DJANGO_SETTINGS_MODULE": "influencer50.settings",
        "DATABASE_URL": url_of(connection.settings_dict["NAME"]),
        "SECRET_KEY": "lost-worker-test",
        "RANKING_BOOTSTRAP_REPLICATES": "20",
        **env,
    }
    # A session of its own: one signal reaches the worker and its pool child.
    return subprocess.Popen(
        command,
        shell=True,
        cwd=ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def wait_for(what: str, condition, seconds: float = WAIT_SECONDS):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    pytest.fail(f"waited {seconds} s for {what}")


def blocked_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND wait_event_type = 'Lock'",
            [connection.settings_dict["NAME"]],
        )
        return cursor.fetchone()[0] > 0


def stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    try:
        os.killpg(worker.pid, sig)
    except ProcessLookupError:
        return
    try:
        worker.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()


def test_a_run_whose_worker_is_killed_is_finished_by_another_worker(tenant):
    key = small_market(tenant.study)
    purge_queues()
    holder = psycopg2.connect(url_of(connection.settings_dict["NAME"]))
    first = second = None
    try:
        with override_settings(CELERY_TASK_ALWAYS_EAGER=False):
            run = start_run(study=tenant.study)  # queued: no worker is running yet
        with holder.cursor() as cursor:  # publishing needs this row: the run stops before it
            cursor.execute(
                "SELECT id FROM identification_study WHERE id = %s FOR UPDATE", [tenant.study.pk]
            )
        first = start_worker()
        wait_for("the first worker to block", lambda: blocked_on_a_lock())
        run.refresh_from_db()
        assert run.status == RankingRun.Status.RUNNING
        task_id = run.task_id
        stop(first, signal.SIGKILL)
        holder.rollback()

        # Redis hands the unacknowledged task on once its visibility timeout has passed.
        second = start_worker(CELERY_VISIBILITY_TIMEOUT="1")
        wait_for(
            "the second worker to finish the run",
            lambda: RankingRun.objects.get(pk=run.pk).status == RankingRun.Status.SUCCEEDED,
        )
    finally:
        holder.close()
        for worker in (first, second):
            if worker is not None:
                stop(worker)
        purge_queues()
    run.refresh_from_db()
    assert run.task_id == task_id  # the same task, delivered again
    assert run.entries.count() == 7  # written once: the killed worker's entries rolled back
    assert run.entries.get(rank=1).influencer_id == key.pk
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk
