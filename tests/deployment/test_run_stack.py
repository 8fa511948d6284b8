"""`make run-stack`: docker-compose.yml's processes without Docker, on a fresh database.

Starts them as a developer or CI would, waits for /readyz, loads the demo, logs in and asks for
a ranking over HTTP, which the rankings worker computes; then checks the metrics and the logs
of the real processes, and stops everything with one SIGINT (a Ctrl-C).
"""

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest
from redis.connection import parse_url

from identification.demo.seed import PASSWORD, USERS
from tests.deployment.postgres import query, scratch_database

pytestmark = [pytest.mark.postgresql, pytest.mark.celery_worker]

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "run-stack-test-token"
START_SECONDS = 180
RUN_SECONDS = 90


def free_port() -> int:
    if os.environ.get("RUN_STACK_PORT"):
        return int(os.environ["RUN_STACK_PORT"])
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def broker_beside(url: str) -> str:
    """The next Redis database: the stack's workers must not meet the suite's own."""
    db = (int(parse_url(url).get("db", 0)) + 1) % 16
    return url.rsplit("/", 1)[0] + f"/{db}"


class Site:
    def __init__(self, port: int):
        self.base = f"http://127.0.0.1:{port}"
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str, **headers) -> tuple[int, bytes]:
        request = urllib.request.Request(self.base + path, headers=headers)
        try:
            with self.opener.open(request, timeout=10) as response:
                return response.status, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.read()

    def post(self, path: str, data: dict) -> int:
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}).encode()
        with self.opener.open(self.base + path, data=body, timeout=30) as response:
            return response.status

    def readiness(self) -> dict | None:
        try:
            status, body = self.get("/readyz")
        except OSError:
            return None  # not listening yet
        return json.loads(body) if status == 200 else None


def wait_for(what: str, condition, seconds: float, stack: subprocess.Popen):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        assert stack.poll() is None, f"make run-stack stopped (rc={stack.returncode})"
        value = condition()
        if value:
            return value
        time.sleep(0.5)
    pytest.fail(f"waited {seconds} s for {what}")


def metric(text: str, name: str, **labels) -> float:
    wanted = ",".join(f'{k}="{v}"' for k, v in sorted(labels.items()))
    for line in text.splitlines():
        if line.startswith(f"{name}{{{wanted}}} "):
            return float(line.split()[-1])
    return 0.0


def test_run_stack_serves_ranks_through_its_worker_and_stops_on_one_sigint(tmp_path):
    port = free_port()
    log_path = tmp_path / "run-stack.log"
    with scratch_database("stack") as database_url:
        env = {
            **os.environ,
            "HOST": "127.0.0.1",
            "PORT": str(port),
            "DATABASE_URL": database_url,
            "CELERY_BROKER_URL": broker_beside(os.environ["CELERY_BROKER_URL"]),
            "METRICS_TOKEN": TOKEN,
            "SECRET_KEY": "run-stack-test",
            "WEB_CONCURRENCY": "2",
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)  # the real settings, not the test ones
        with open(log_path, "w") as log:
            stack = subprocess.Popen(
                ["make", "run-stack"],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        try:
            _exercise(Site(port), stack, env, database_url, log_path)
        finally:
            stopped = _stop(stack)
        assert stopped, "one SIGINT did not stop every process of run-stack"


def _exercise(site: Site, stack, env, database_url: str, log_path: Path) -> None:
    ready = wait_for("/readyz", site.readiness, START_SECONDS, stack)
    assert ready["checks"]["workers"]["queues"] == {"default": 1, "imports": 1, "rankings": 1}

    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--no-ranking"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    ((study_id, slug),) = query(database_url, "SELECT id, slug FROM identification_study")
    assert site.get("/accounts/login/")[0] == 200
    analyst = USERS[0][0]
    assert site.post("/accounts/login/", {"username": analyst, "password": PASSWORD}) == 200
    assert site.post(f"/studies/{slug}/runs/compute/", {}) == 200

    def ranked():
        rows = {row["study"]: row for row in (site.readiness() or {}).get("rankings", [])}
        row = rows.get(study_id, {})
        assert row.get("latest_run") != "failed", row
        return row.get("latest_run") == "succeeded"

    wait_for("the ranking", ranked, RUN_SECONDS, stack)
    ((status, computed_by),) = query(
        database_url, "SELECT status, task_id FROM identification_rankingrun"
    )
    assert status == "succeeded"
    assert computed_by  # by a worker, through the broker

    status, text = site.get("/metrics", Authorization=f"Bearer {TOKEN}")
    assert status == 200
    text = text.decode()
    task = "identification.tasks.compute_ranking"
    # Counted in the worker's process, added up by the web's: multiprocess mode works.
    assert metric(text, "influencer50_task_duration_seconds_count", task=task) == 1
    view = {"method": "POST", "view": "identification:compute_ranking"}
    assert metric(text, "influencer50_http_request_duration_seconds_count", **view) == 1
    assert metric(text, "influencer50_queue_length", queue="rankings") == 0

    lines = [line.split("| ", 1)[-1] for line in log_path.read_text().splitlines()]
    records = [json.loads(line) for line in lines if line.startswith("{")]
    run_lines = [r for r in records if r.get("task") == task]
    assert run_lines, "the worker logged nothing for the run"
    assert {r["study_id"] for r in run_lines} == {study_id}
    assert any(r["logger"] == "log_request_id.middleware" and r.get("request_id") for r in records)


def _stop(stack: subprocess.Popen) -> bool:
    """One SIGINT to the whole process group, as a terminal's Ctrl-C; True if all stopped."""
    os.killpg(stack.pid, signal.SIGINT)
    try:
        stack.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(stack.pid, signal.SIGKILL)
        stack.wait()
        return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(stack.pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.2)
    os.killpg(stack.pid, signal.SIGKILL)
    return False
