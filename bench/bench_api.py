"""Benchmark of the REST API over HTTP on PostgreSQL: the ranking's CSV, JSON pages, interviews.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/h12 \\
    CELERY_BROKER_URL=redis://127.0.0.1:6379/9 \\
        flock /tmp/influencer50-bench.lock .venv/bin/python bench/bench_api.py \\
        [--entries 100000] [--repeats 5] [--port 8181] [--keep]

It creates the database `<name of DATABASE_URL's database>_apibench`, migrates it, writes a
study whose published run has --entries ranked influencers, runs ANALYZE, and serves the app
with gunicorn (one sync worker, persistent database connections) on 127.0.0.1:--port. With a
broker set, an interview only queues its automatic ranking, as in production (no worker
consumes it here).

Figures (medians of --repeats runs, or of 30 requests):
- CSV: the whole ranking streamed over HTTP; its baseline is PostgreSQL's own
  `COPY (SELECT the same columns) TO STDOUT CSV` of the same rows; the worker's peak RSS
  before and after (flat memory: the growth stays far below the file's size).
- JSON: one page of 100 entries, round trip on loopback (an upper bound of server time),
  at pages spread over the whole ranking.
- Interview: POST of one interview with 10 mentions of existing influencers.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import admin, setup_django, with_database  # noqa: E402

BATCH = 5000


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _worker_pid(master: int) -> int:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return int(children[0])


def seed(entries: int):
    """A client, a study, an analyst with a token, and a published run of `entries` rows."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from identification.models import Influencer, RankingEntry, RankingRun
    from identification.models.choices import Role
    from identification.services.runs import publish_run
    from identification.services.setup import add_member, create_client, create_study
    from identification.services.tokens import create_token

    client = create_client(name="Bench Client")
    study = create_study(client=client, name="Bench API study")
    user = get_user_model().objects.create_user("bench-analyst", password="x")
    add_member(user=user, client=client, role=Role.ANALYST)
    _, token = create_token(user=user, name="bench", scope="write")
    categories = list(client.categories.all())
    stages = list(study.stages.values_list("name", flat=True))
    run = RankingRun.objects.create(study=study, status=RankingRun.Status.SUCCEEDED)
    for start in range(0, entries, BATCH):
        people = Influencer.objects.bulk_create(
            Influencer(
                client=client,
                name=f"Person {i}",
                normalized_name=f"person {i}",
                category=categories[i % len(categories)],
                external_id=f"P{i}",
            )
            for i in range(start, min(start + BATCH, entries))
        )
        RankingEntry.objects.bulk_create(
            RankingEntry(
                run=run,
                influencer=p,
                influencer_name=p.name,
                rank=start + k + 1,
                score=1.0 / (start + k + 1),
                reach_respondents=(start + k) % 40 + 1,
                reach_organizations=(start + k) % 30 + 1,
                mode=("online", "offline", "hybrid")[k % 3],
                direction=("advocate", "neutral", "detractor")[k % 3],
                rank_low=start + k + 1,
                rank_high=start + k + 2,
                stage_scores=dict.fromkeys(stages, 0.1),
            )
            for k, p in enumerate(people)
        )
    publish_run(run=run)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    stage_ids = list(study.stages.values_list("pk", flat=True))
    influencer_ids = list(
        Influencer.objects.filter(client=client).values_list("pk", flat=True)[:10]
    )
    return study, token, stage_ids, influencer_ids


def copy_baseline(database_url: str, run_id: int) -> float:
    """PostgreSQL's own CSV of the same columns and rows, to compare the export with."""
    import io

    import psycopg2

    sql = (
        "COPY (SELECT e.rank, e.rank_low, e.rank_high, i.external_id, e.influencer_name, c.name,"
        " c.family, e.mode, e.direction, e.score, e.reach_respondents, e.reach_organizations,"
        " false, e.stage_scores FROM identification_rankingentry e"
        " LEFT JOIN identification_influencer i ON i.id = e.influencer_id"
        " LEFT JOIN identification_category c ON c.id = i.category_id"
        f" WHERE e.run_id = {run_id} ORDER BY e.rank) TO STDOUT WITH CSV HEADER"
    )
    conn = psycopg2.connect(database_url)
    started = time.perf_counter()
    with conn.cursor() as cursor:
        cursor.copy_expert(sql, io.StringIO())
    elapsed = time.perf_counter() - started
    conn.close()
    return elapsed


def serve(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": "bench-only-not-secret",
        "DEBUG": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        "API_THROTTLE_RATE": "1000000/min",
        "LOG_LEVEL": "WARNING",
        # Persistent connections, as a production server keeps them (12-factor setting).
        "DB_CONN_MAX_AGE": "60",
    }
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "influencer50.wsgi",
        "--bind", f"127.0.0.1:{port}",
        "--workers", "1",
        "--timeout", "120",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait_ready(session, url: str) -> None:
    import requests

    for _ in range(100):
        try:
            session.get(url, timeout=30)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.1)
    raise SystemExit("gunicorn did not start")


def measure(args, base: str, study, token, stage_ids, influencer_ids, server) -> dict:
    import requests

    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    api = f"{base}/api/v1/studies/{study.slug}"
    wait_ready(session, f"{api}/")
    session.get(f"{api}/ranking/?page_size=100").raise_for_status()  # warm the worker up
    worker = _worker_pid(server.pid)
    rss_before = _peak_rss_mb(worker)

    csv_times, size, lines = [], 0, 0
    for _ in range(args.repeats):
        started = time.perf_counter()
        with session.get(f"{api}/ranking/?format=csv", stream=True) as response:
            response.raise_for_status()
            size = lines = 0
            for chunk in response.iter_content(chunk_size=65536):
                size += len(chunk)
                lines += chunk.count(b"\n")
        csv_times.append(time.perf_counter() - started)
    rss_after = _peak_rss_mb(worker)
    copy_times = [
        copy_baseline(with_database(os.environ["DATABASE_URL"], args.db), study.published_run_id)
        for _ in range(args.repeats)
    ]

    def pages(query: str, count: int) -> float:
        times = []
        for i in range(30):
            page = 1 + (i * 7919) % max(1, count // 100)
            started = time.perf_counter()
            session.get(f"{api}/ranking/?page_size=100&page={page}{query}").raise_for_status()
            times.append(time.perf_counter() - started)
        return statistics.median(times) * 1000

    json_ms = pages("", args.entries)
    # One family of the 25 categories' ten, by score: the join and sort run on every page.
    media = session.get(f"{api}/ranking/?family=media&page_size=1").json()["count"]
    filtered_ms = pages("&family=media&ordering=-score", media)

    interview_times = []
    for i in range(30):
        body = {
            "collected_on": "2026-09-01",
            "new_buyer": {"organization_name": f"Bench Org {i % 5}", "role": "user"},
            "mentions": [
                {"influencer": pk, "stage": stage_ids[k % len(stage_ids)]}
                for k, pk in enumerate(influencer_ids)
            ],
        }
        started = time.perf_counter()
        response = session.post(f"{api}/evidence/", json=body)
        interview_times.append(time.perf_counter() - started)
        assert response.status_code == 201, response.text
    return {
        "csv_s": statistics.median(csv_times),
        "copy_s": statistics.median(copy_times),
        "csv_mb": size / 1e6,
        "csv_lines": lines,
        "rss_before": rss_before,
        "rss_after": rss_after,
        "json_ms": json_ms,
        "filtered_ms": filtered_ms,
        "interview_ms": statistics.median(interview_times) * 1000,
    }


def server_times(study, token, stage_ids, influencer_ids) -> dict:
    """The same requests through Django in this process: the server's own time, no HTTP."""
    from django.test import Client
    from django.test.utils import override_settings

    with override_settings(ALLOWED_HOSTS=["testserver"], API_THROTTLE_RATE="1000000/min"):
        http = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
        url = f"/api/v1/studies/{study.slug}/ranking/?page_size=100"
        count = study.published_run.entries.count()
        http.get(url)
        times = []
        for i in range(30):
            started = time.perf_counter()
            assert http.get(f"{url}&page={1 + (i * 7919) % (count // 100)}").status_code == 200
            times.append(time.perf_counter() - started)
        posts = []
        for i in range(30):
            body = {
                "collected_on": "2026-09-01",
                "buyer": None,
                "new_buyer": {"organization_name": f"Bench Org {i % 5}", "role": "user"},
                "mentions": [
                    {"influencer": pk, "stage": stage_ids[k % len(stage_ids)]}
                    for k, pk in enumerate(influencer_ids)
                ],
            }
            started = time.perf_counter()
            response = http.post(
                f"/api/v1/studies/{study.slug}/evidence/", body, content_type="application/json"
            )
            posts.append(time.perf_counter() - started)
            assert response.status_code == 201, response.content
    return {
        "page_ms": statistics.median(times) * 1000,
        "post_ms": statistics.median(posts) * 1000,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--port", type=int, default=8181)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (see the docstring).")
    args.db = (urlsplit(url).path.strip("/") or "postgres") + "_apibench"
    database_url = with_database(url, args.db)
    admin(url, f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)', f'CREATE DATABASE "{args.db}"')
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "bench", "DEBUG": "true"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    setup_django(database_url)
    started = time.perf_counter()
    study, token, stage_ids, influencer_ids = seed(args.entries)
    print(f"seeded {args.entries:,} entries in {time.perf_counter() - started:.1f} s")
    server = serve(database_url, args.port)
    try:
        figures = measure(
            args, f"http://127.0.0.1:{args.port}", study, token, stage_ids, influencer_ids, server
        )
        figures.update(server_times(study, token, stage_ids, influencer_ids))
    finally:
        server.terminate()
        server.wait(timeout=30)
        if not args.keep:
            from django.db import connections

            connections.close_all()
            admin(url, f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
    f = figures
    print(
        f"CSV of {f['csv_lines'] - 1:,} entries over HTTP: {f['csv_s']:.2f} s median "
        f"({f['csv_mb']:.1f} MB); PostgreSQL COPY of the same rows: {f['copy_s']:.2f} s "
        f"(ratio {f['csv_s'] / f['copy_s']:.1f}); target 5 s"
    )
    print(
        f"worker peak RSS: {f['rss_before']:.0f} MB before the exports, "
        f"{f['rss_after']:.0f} MB after (growth {f['rss_after'] - f['rss_before']:.0f} MB)"
    )
    print(f"JSON page of 100 entries: {f['json_ms']:.1f} ms median round trip; target 50 ms")
    print(f"  filtered (family=media) and ordered by score: {f['filtered_ms']:.1f} ms median")
    print(
        f"  server time (in process, no HTTP): {f['page_ms']:.1f} ms median, "
        f"{f['page_queries']} queries"
    )
    print(f"interview with 10 mentions: {f['interview_ms']:.1f} ms median; target 100 ms")
    print(f"  server time (in process, no HTTP): {f['post_ms']:.1f} ms median")
    print(
        "reproduce: DATABASE_URL=... CELERY_BROKER_URL=... flock /tmp/influencer50-bench.lock "
        f".venv/bin/python bench/bench_api.py --entries {args.entries} --repeats {args.repeats}"
    )


if __name__ == "__main__":
    main()
