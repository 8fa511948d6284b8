"""Log lines: JSON or text, a request id on each line of a request, a task's ids on each of its
lines, and a failed task's traceback written once."""

import io
import json
import logging
import subprocess
import sys
from logging.config import DictConfigurator
from pathlib import Path

import pytest
from django.urls import reverse

from identification.models import RankingRun
from identification.models.choices import Role
from influencer50.monitoring.logs import logging_config
from tests.identification.test_runs import small_market

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


class Lines:
    """What the app's console handler would write, in one format, captured from the root."""

    def __init__(self, fmt: str):
        config = logging_config(fmt=fmt, level="INFO")
        configurator = DictConfigurator(config)
        self.stream = io.StringIO()
        self.handler = logging.StreamHandler(self.stream)
        self.handler.setFormatter(configurator.configure_formatter(config["formatters"][fmt]))
        self.handler.addFilter(configurator.configure_filter(config["filters"]["context"]))

    def __enter__(self):
        root = logging.getLogger()
        self.level = root.level
        root.setLevel(logging.INFO)
        root.addHandler(self.handler)
        return self

    def __exit__(self, *exc):
        logging.getLogger().removeHandler(self.handler)
        logging.getLogger().setLevel(self.level)

    def text(self) -> list[str]:
        return [line for line in self.stream.getvalue().splitlines() if line]

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.text()]


def compute(http, study, capture):
    with capture(execute=True):
        response = http.post(reverse("identification:compute_ranking", args=[study.slug]))
    assert response.status_code == 302
    return study.runs.order_by("-pk").first()


def test_every_json_line_of_a_request_carries_its_request_id(tenant):
    http = tenant.http(Role.ANALYST)
    with Lines("json") as lines:
        response = http.get(reverse("identification:home"))
    request_id = response["X-Request-ID"]
    records = lines.records()
    assert records, "the request logged nothing"
    assert {record["request_id"] for record in records} == {request_id}
    (access,) = [r for r in records if r["logger"] == "log_request_id.middleware"]
    assert access["level"] == "INFO"
    assert "path=/ status=200" in access["message"]


def test_a_request_id_sent_by_a_proxy_is_kept(tenant):
    http = tenant.http(Role.ANALYST)
    with Lines("json") as lines:
        response = http.get(reverse("identification:home"), HTTP_X_REQUEST_ID="from-the-proxy")
    assert response["X-Request-ID"] == "from-the-proxy"
    assert {r["request_id"] for r in lines.records()} == {"from-the-proxy"}


def test_the_lines_of_a_task_carry_the_study_and_run_ids(
    tenant, django_capture_on_commit_callbacks
):
    small_market(tenant.study)
    http = tenant.http(Role.ANALYST)
    with Lines("json") as lines:
        run = compute(http, tenant.study, django_capture_on_commit_callbacks)
    assert run.status == RankingRun.Status.SUCCEEDED
    task_lines = [
        r for r in lines.records() if r.get("task") == "identification.tasks.compute_ranking"
    ]
    assert any("succeeded" in r["message"] for r in task_lines)
    for record in task_lines:
        assert record["run_id"] == run.pk
        assert record["study_id"] == tenant.study.pk


def test_a_failed_run_logs_its_traceback_once_with_its_ids(
    tenant, monkeypatch, django_capture_on_commit_callbacks
):
    small_market(tenant.study)

    def broken(*args, **kwargs):
        raise ValueError("the engine broke")

    monkeypatch.setattr("identification.services.runs.rank", broken)
    with Lines("json") as lines:
        run = compute(tenant.http(Role.ANALYST), tenant.study, django_capture_on_commit_callbacks)
    assert run.status == RankingRun.Status.FAILED
    tracebacks = [r for r in lines.records() if "exc_info" in r]
    assert len(tracebacks) == 1
    (failure,) = tracebacks
    assert "ValueError: the engine broke" in failure["exc_info"]
    assert failure["level"] == "ERROR"
    assert (failure["run_id"], failure["study_id"]) == (run.pk, tenant.study.pk)


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_a_run_failing_on_a_real_worker_logs_its_traceback_once(tenant, worker, monkeypatch):
    from tests.identification.test_celery_worker import wait_until_done

    small_market(tenant.study)

    def broken(*args, **kwargs):
        raise ValueError("the engine broke")

    monkeypatch.setattr("identification.services.runs.rank", broken)
    with Lines("json") as lines:
        tenant.http(Role.ANALYST).post(
            reverse("identification:compute_ranking", args=[tenant.study.slug])
        )
        run = wait_until_done(tenant.study.runs.get().pk)
    assert run.status == RankingRun.Status.FAILED
    tracebacks = [r for r in lines.records() if "exc_info" in r]
    assert [(r["run_id"], r["study_id"]) for r in tracebacks] == [(run.pk, tenant.study.pk)]


def test_text_lines_are_readable_and_show_the_ids(tenant):
    http = tenant.http(Role.ANALYST)
    with Lines("text") as lines:
        response = http.get(reverse("identification:home"))
    (line,) = [line for line in lines.text() if "log_request_id" in line]
    assert f"[request_id={response['X-Request-ID']}] method=GET path=/" in line
    assert not line.startswith("{")


def load_log_settings(**env):
    code = "import influencer50.settings as s; print(s.LOG_FORMAT)"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "SECRET_KEY": "x", **env},
        capture_output=True,
        text=True,
    )


def test_logs_are_json_in_production_and_text_in_development():
    assert load_log_settings().stdout.strip() == "json"
    assert load_log_settings(DEBUG="true").stdout.strip() == "text"
    assert load_log_settings(DEBUG="true", LOG_FORMAT="json").stdout.strip() == "json"


def test_an_unknown_log_format_is_refused_by_name():
    result = load_log_settings(LOG_FORMAT="xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be one of json, text" in result.stderr
