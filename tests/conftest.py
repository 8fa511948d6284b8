"""Shared fixtures: two clients, a study each, and a user per role in each client.

Every view is tested as a member of the other client too (`other`), who must get 404.
"""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import connections
from django.test import Client as HttpClient

from identification.models.choices import Role
from identification.services.setup import add_member
from tests.factories import UserFactory, make_client, make_study

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


def _flag(name: str) -> bool:
    return os.environ.get(name, "").lower() in {"1", "true", "yes"}


def pytest_collection_modifyitems(config, items):
    """Tests that need a real broker or browser run only where those exist.

    Where they are missing, a developer's `make test` leaves them out and says so; CI sets
    REQUIRE_SERVICES / REQUIRE_BROWSER, and then a missing part is an error, never a skip.
    """
    missing = {}
    if not os.environ.get("CELERY_BROKER_URL"):
        missing["celery_worker"] = ("REQUIRE_SERVICES", "no CELERY_BROKER_URL (Redis) is set")
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        missing["postgresql"] = ("REQUIRE_SERVICES", "DATABASE_URL is not PostgreSQL")
    if not (shutil.which(CHROMIUM) or os.path.exists(CHROMIUM)):
        missing["browser"] = ("REQUIRE_BROWSER", f"no Chromium at {CHROMIUM}")
    if not missing:
        return
    kept, left_out = [], []
    for item in items:
        marker = next((m for m in missing if item.get_closest_marker(m)), None)
        if marker is None:
            kept.append(item)
            continue
        flag, reason = missing[marker]
        if _flag(flag):
            raise pytest.UsageError(f"{flag}=1 but {reason}: {item.nodeid} cannot run.")
        left_out.append(item)
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = kept
        reasons = "; ".join(reason for _, reason in missing.values())
        print(f"\nLeft out {len(left_out)} test(s) needing what this machine lacks ({reasons}).")


@dataclass
class Tenant:
    client: object
    study: object
    users: dict  # role -> user

    def http(self, role: str) -> HttpClient:
        http = HttpClient()
        http.force_login(self.users[role])
        return http


def _tenant(name: str) -> Tenant:
    client = make_client(name)
    study = make_study(client, name=f"{name} study", sector="HR software", region="UK")
    users = {}
    for role in Role.values:
        user = UserFactory(username=f"{client.slug}-{role}")
        add_member(user=user, client=client, role=role)
        users[role] = user
    return Tenant(client=client, study=study, users=users)


@pytest.fixture
def tenant(db) -> Tenant:
    """The client under test, with one user per role."""
    return _tenant("Acme Software")


@pytest.fixture
def other(db) -> Tenant:
    """Another client, whose data `tenant`'s users must never see."""
    return _tenant("Globex")


@pytest.fixture
def analyst(tenant) -> HttpClient:
    return tenant.http(Role.ANALYST)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def browser_page():
    """A page of Debian's Chromium driven by Playwright (tests marked `browser`)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser.new_page()
        finally:
            browser.close()
            # Playwright's sync API runs the test in a greenlet with a context of its own,
            # where Django opens a second connection: close it, or the test database
            # cannot be dropped at the end of the session.
            connections.close_all()


# What the worker fixture sets on the Celery app for the time of a test.
OVERRIDDEN = ("task_always_eager", "broker_url")


@pytest.fixture
def worker(settings):
    """A real Celery worker (solo pool, in a thread of this process) fed through the broker.

    It consumes the queues that docker-compose.yml's workers consume, so a task routed to a
    queue no worker serves would never run here either. Tests using it are marked
    `celery_worker` and need `transactional_db`, so the worker's own database connection
    sees what the test committed.
    """
    from celery.contrib.testing.worker import start_worker

    from influencer50.celery import app
    from influencer50.stack import load_compose, worker_queues

    queues = sorted({queue for qs in worker_queues(load_compose()).values() for queue in qs})
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # app.conf reads the settings live; what is set on it overrides them until taken back.
    overridden = {k: app.conf.changes[k] for k in OVERRIDDEN if k in app.conf.changes}
    app.conf.task_always_eager = False
    app.conf.broker_url = os.environ["CELERY_BROKER_URL"]
    # Messages left by an interrupted earlier session would name rows that no longer exist.
    purge_queues()
    with start_worker(
        app, pool="solo", perform_ping_check=False, loglevel="WARNING", queues=queues
    ):
        yield
    # Taken back, not set to what they read: a later test's settings must reach Celery again.
    for key in OVERRIDDEN:
        app.conf.changes.pop(key, None)
    app.conf.update(overridden)


def purge_queues() -> int:
    """Drop every message waiting in the app's queues (app.control.purge() knows only the
    default one); returns how many there were."""
    from influencer50.celery import app
    from influencer50.monitoring.queues import task_queues

    with app.connection_for_write() as conn:
        return sum(conn.default_channel.queue_purge(queue) or 0 for queue in task_queues())
