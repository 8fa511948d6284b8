"""/healthz and /readyz: JSON, no log-in, nothing confidential, served before HTTPS redirects."""

import json
from datetime import timedelta

import pytest
from django.db import OperationalError
from django.test import Client as HttpClient
from django.utils import timezone

from identification.models import RankingRun
from influencer50.monitoring import health

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_migration_check(monkeypatch):
    monkeypatch.setattr(health, "_migrated", False)


def get(path, **extra):
    response = HttpClient().get(path, **extra)
    return response, json.loads(response.content)


def test_healthz_answers_without_touching_the_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        response, body = get("/healthz")
    assert response.status_code == 200
    assert body == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_without_a_broker_reports_the_database_migrations_and_eager_tasks():
    response, body = get("/readyz")
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True, "unapplied": 0}
    assert body["checks"]["broker"]["configured"] is False
    assert "workers" not in body["checks"]


def test_readyz_gives_each_studys_last_success_age_by_id_and_no_names(tenant, other):
    finished = timezone.now() - timedelta(hours=2)
    RankingRun.objects.create(
        study=tenant.study, status=RankingRun.Status.SUCCEEDED, finished_at=finished
    )
    RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.FAILED)
    response, body = get("/readyz")
    rankings = {row["study"]: row for row in body["rankings"]}
    ours, theirs = rankings[tenant.study.pk], rankings[other.study.pk]
    assert 7190 <= ours["last_success_age_seconds"] <= 7300
    assert ours["latest_run"] == "failed"
    assert theirs == {"study": other.study.pk, "last_success_age_seconds": None, "latest_run": None}
    for world in (tenant, other):
        for secret in (world.client.name, world.client.slug, world.study.name, world.study.slug):
            assert secret.encode() not in response.content


def test_readyz_answers_503_while_migrations_are_unapplied(monkeypatch):
    monkeypatch.setattr(
        "django.db.migrations.executor.MigrationExecutor.migration_plan",
        lambda self, targets: [("a migration", False)],
    )
    response, body = get("/readyz")
    assert response.status_code == 503
    assert body["status"] == "unavailable"
    assert body["checks"]["migrations"] == {"ok": False, "unapplied": 1}
    assert "rankings" not in body


def test_readyz_answers_503_when_the_database_is_unreachable(monkeypatch):
    def down():
        raise OperationalError("could not connect to server")

    monkeypatch.setattr(health, "database", down)
    response, body = get("/readyz")
    assert response.status_code == 503
    assert body["checks"]["database"]["ok"] is False
    assert "OperationalError" in body["checks"]["database"]["error"]
    assert "migrations" not in body["checks"]


def test_readyz_answers_503_when_the_broker_is_unreachable(settings, monkeypatch):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # Nothing listens on port 1: the connection is refused at once. (Celery reads the
    # variable before its own setting.)
    monkeypatch.setenv("CELERY_BROKER_URL", "redis://127.0.0.1:1/0")
    response, body = get("/readyz")
    assert response.status_code == 503
    assert body["checks"]["broker"]["ok"] is False
    assert "workers" not in body["checks"]


def test_health_endpoints_answer_plain_http_while_everything_else_is_redirected(settings):
    settings.SECURE_SSL_REDIRECT = True
    http = HttpClient()
    assert http.get("/accounts/login/").status_code == 301
    assert http.get("/healthz").status_code == 200
    assert http.get("/readyz").status_code == 200
    assert http.get("/healthz/").status_code == 200


def test_health_endpoints_answer_whatever_host_the_probe_names(settings):
    settings.ALLOWED_HOSTS = ["influencer50.example.com"]
    http = HttpClient()
    assert http.get("/accounts/login/", HTTP_HOST="10.1.2.3:8000").status_code == 400
    assert http.get("/healthz", HTTP_HOST="10.1.2.3:8000").status_code == 200
    assert http.get("/readyz", HTTP_HOST="10.1.2.3:8000").status_code == 200


def test_health_endpoints_take_only_get_and_head():
    http = HttpClient()
    assert http.post("/healthz").status_code == 405
    assert http.head("/readyz").status_code == 200


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_readyz_counts_the_workers_answering_on_each_queue(worker, settings):
    response, body = get("/readyz")
    assert response.status_code == 200, body
    workers = body["checks"]["workers"]
    assert workers["ok"] is True
    assert set(workers["queues"]) == {"default", "imports", "rankings"}
    assert all(count >= 1 for count in workers["queues"].values())


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_readyz_answers_503_when_no_worker_answers(settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    response, body = get("/readyz")
    assert response.status_code == 503
    assert body["checks"]["broker"] == {"ok": True}
    assert body["checks"]["workers"]["ok"] is False
    assert body["checks"]["workers"]["queues"]["rankings"] == 0
