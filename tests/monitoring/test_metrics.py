"""/metrics: Prometheus' text format behind a token; requests by view, tasks, queue lengths."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from identification.models import RankingRun
from identification.models.choices import Role
from identification.services.runs import start_run
from tests.conftest import purge_queues
from tests.identification.test_runs import small_market

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "scraper-token-for-tests"
RANKING_TASK = "identification.tasks.compute_ranking"


@pytest.fixture
def token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(token=TOKEN) -> dict:
    """name -> {labels (sorted tuple): value} of every sample /metrics gives."""
    response = HttpClient().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 200, response.content
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            key = tuple(sorted(sample.labels.items()))
            samples.setdefault(sample.name, {})[key] = sample.value
    return samples


def sample(name: str, **labels) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_metrics_are_off_without_a_token_configured(settings):
    settings.METRICS_TOKEN = ""
    response = HttpClient().get("/metrics", HTTP_AUTHORIZATION="Bearer anything")
    assert response.status_code == 403
    assert b"METRICS_TOKEN" in response.content


def test_metrics_refuse_a_missing_or_wrong_token(token):
    http = HttpClient()
    assert http.get("/metrics").status_code == 401
    wrong = http.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token")
    assert wrong.status_code == 401
    assert wrong["WWW-Authenticate"].startswith("Bearer")
    assert http.get("/metrics", HTTP_AUTHORIZATION=TOKEN).status_code == 200


def test_request_latency_is_counted_by_view_and_method(token, tenant):
    home = {"view": "identification:home", "method": "GET"}
    before = sample("influencer50_http_request_duration_seconds_count", **home)
    http = tenant.http(Role.ANALYST)
    http.get(reverse("identification:home"))
    http.get(reverse("identification:home"))
    http.get("/no-such-page/")
    samples = scrape()
    latency = samples["influencer50_http_request_duration_seconds_count"]
    assert latency[tuple(sorted(home.items()))] == before + 2
    unresolved = (("method", "GET"), ("view", "<unresolved>"))
    assert latency[unresolved] >= 1
    responses = samples["influencer50_http_responses_total"]
    assert responses[(("method", "GET"), ("status", "200"), ("view", "identification:home"))] >= 2


def run_now(study, capture) -> RankingRun:
    """start_run, with its task run eagerly once the (test's) transaction "commits"."""
    with capture(execute=True):
        run = start_run(study=study)
    run.refresh_from_db()
    return run


def test_a_tasks_duration_and_failure_are_counted_by_task(
    token, tenant, monkeypatch, django_capture_on_commit_callbacks
):
    small_market(tenant.study)
    durations = sample("influencer50_task_duration_seconds_count", task=RANKING_TASK)
    failures = sample("influencer50_task_failures_total", task=RANKING_TASK)
    run = run_now(tenant.study, django_capture_on_commit_callbacks)
    assert run.status == RankingRun.Status.SUCCEEDED

    def broken(*args, **kwargs):
        raise ValueError("the engine broke")

    monkeypatch.setattr("identification.services.runs.rank", broken)
    failed = run_now(tenant.study, django_capture_on_commit_callbacks)
    assert failed.status == RankingRun.Status.FAILED
    samples = scrape()
    key = (("task", RANKING_TASK),)
    assert samples["influencer50_task_duration_seconds_count"][key] == durations + 2
    assert samples["influencer50_task_failures_total"][key] == failures + 1


def test_each_studys_last_successful_run_age_is_a_gauge_by_study_id(
    token, tenant, other, django_capture_on_commit_callbacks
):
    small_market(tenant.study)
    run_now(tenant.study, django_capture_on_commit_callbacks)
    ages = scrape()["influencer50_ranking_last_success_age_seconds"]
    assert list(ages) == [(("study", str(tenant.study.pk)),)]
    assert 0 <= ages[(("study", str(tenant.study.pk)),)] < 60
    text = HttpClient().get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}").content
    for world in (tenant, other):  # nothing confidential: studies by id only
        for secret in (world.client.name, world.study.name, world.study.slug, "Key Person"):
            assert secret.encode() not in text


def test_without_a_broker_there_are_no_queue_lengths(token):
    assert "influencer50_queue_length" not in scrape()


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_queue_lengths_count_the_tasks_waiting_for_a_worker(token, tenant, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    purge_queues()
    try:
        start_run(study=tenant.study)  # no worker runs: the task waits on the rankings queue
        lengths = scrape()["influencer50_queue_length"]
        assert lengths[(("queue", "rankings"),)] == 1
        assert lengths[(("queue", "imports"),)] == 0
        assert lengths[(("queue", "default"),)] == 0
    finally:
        purge_queues()


COUNT_IN_A_PROCESS = """
from influencer50.monitoring import metrics
metrics.TASK_FAILURES.labels(task="t").inc()
"""

ADD_UP = """
from prometheus_client import CollectorRegistry, generate_latest, multiprocess
registry = CollectorRegistry()
multiprocess.MultiProcessCollector(registry)
print(generate_latest(registry).decode())
"""


def test_every_processs_counts_are_added_up_in_multiprocess_mode(tmp_path):
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(tmp_path)}
    for _ in range(3):
        subprocess.run([sys.executable, "-c", COUNT_IN_A_PROCESS], env=env, cwd=ROOT, check=True)
    files = sorted(path.name for path in tmp_path.iterdir())
    assert len(files) == 3, files  # one file a process, named after its host and pid
    added = subprocess.run(
        [sys.executable, "-c", ADD_UP], env=env, cwd=ROOT, capture_output=True, text=True
    )
    assert 'influencer50_task_failures_total{task="t"} 3.0' in added.stdout
