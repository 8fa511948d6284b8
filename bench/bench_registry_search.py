"""Benchmark of the registry search ("dr shah": every word in the name or an alias).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_registry_search.py [--influencers 100000] [--runs 7] [--keep]

DATABASE_URL names the server; the benchmark creates its own database
`influencer50_bench_search` there (dropped afterwards unless --keep), migrates it, writes
one client's registry of `--influencers` influencers with an alias each, and ANALYZEs.
It times what the registry page does for a search (the selector's queryset through the
page's Paginator: the count and the first 25 with their aliases), median of `--runs`, for
several queries, with the pg_trgm indexes of migration 0010 and again without them.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import admin, setup_django, with_database  # noqa: E402

BENCH_DB = "influencer50_bench_search"
QUERIES = ("dr shah", "anita shah", "shah", "okafor", "dr", "no such person")
FIRST = [
    "Anita",
    "Ben",
    "Chris",
    "Dana",
    "David",
    "Emma",
    "Fiona",
    "Grace",
    "Helen",
    "Ian",
    "James",
    "Kate",
    "Li",
    "Maria",
    "Nina",
    "Omar",
]
LAST = [
    "Shah",
    "Okafor",
    "Walsh",
    "Newton",
    "Carter",
    "Dunn",
    "Stone",
    "Grant",
    "Quinn",
    "Osei",
    "Parry",
    "Marsh",
    "Khan",
    "Holt",
]
TITLES = ("", "", "", "Dr ", "Prof ")


def populate(n: int, seed: int) -> None:
    from identification.models import Category, Influencer, InfluencerAlias, normalize_name
    from identification.services.setup import create_client

    rng = random.Random(seed)
    client = create_client(name="Bench client")
    category = Category.objects.filter(client=client).first()
    names = [
        f"{rng.choice(TITLES)}{rng.choice(FIRST)} {rng.choice(LAST)}-{i:06d}" for i in range(n)
    ]
    Influencer.objects.bulk_create(
        (
            Influencer(
                client=client, name=name, normalized_name=normalize_name(name), category=category
            )
            for name in names
        ),
        batch_size=5000,
    )
    ids = Influencer.objects.filter(client=client).values_list("pk", "name")
    InfluencerAlias.objects.bulk_create(
        (
            InfluencerAlias(
                influencer_id=pk,
                name=f"{name.split()[-1]} alias",
                normalized=normalize_name(f"{name.split()[-1]} alias"),
            )
            for pk, name in ids.iterator(chunk_size=5000)
        ),
        batch_size=5000,
    )


def time_queries(runs: int) -> dict[str, tuple[float, int]]:
    from django.core.paginator import Paginator

    from identification.models import Client
    from identification.selectors.registry import influencer_list

    client = Client.objects.get(name="Bench client")
    figures = {}
    for q in QUERIES:
        seconds = []
        for _ in range(runs):
            start = time.perf_counter()
            page = Paginator(influencer_list(client=client, q=q), 25).get_page(1)
            list(page.object_list)
            seconds.append(time.perf_counter() - start)
        figures[q] = (statistics.median(seconds), page.paginator.count)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--influencers", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "")
    if not server.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL server (the benchmark makes its own database).")
    admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}", f"CREATE DATABASE {BENCH_DB}")
    try:
        setup_django(with_database(server, BENCH_DB))
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        start = time.perf_counter()
        populate(args.influencers, args.seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(
            f"{args.influencers:,} influencers and aliases written in "
            f"{time.perf_counter() - start:.1f} s"
        )
        with_index = time_queries(args.runs)
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX influencer_normalized_name_trgm")
            cursor.execute("DROP INDEX influenceralias_normalized_trgm")
            cursor.execute("ANALYZE")
        without = time_queries(args.runs)
        print("| query | matches | with trigram indexes ms | without ms |")
        print("|---|---|---|---|")
        for q in QUERIES:
            print(
                f"| {q} | {with_index[q][1]:,} | {with_index[q][0] * 1000:.1f} | "
                f"{without[q][0] * 1000:.1f} |"
            )
        print(
            "Reproduce: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
            f".venv/bin/python bench/bench_registry_search.py --influencers {args.influencers} "
            f"--runs {args.runs}"
        )
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")


if __name__ == "__main__":
    main()
