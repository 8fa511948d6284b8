"""Benchmark of a whole ranking run: PostgreSQL -> frames -> engine -> entries written.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/influencer50_dev \\
        .venv/bin/python bench/bench_run.py [--sizes 10k,100k,1m] [--replicates 200] [--keep]

DATABASE_URL names the server to use; the benchmark creates its own database
`influencer50_bench` there (dropped afterwards unless --keep) and migrates it. Per size,
one subprocess writes a seeded synthetic market (bench/synthetic_market.py) with COPY,
and a second, fresh subprocess runs `execute_run` on it, so the peak memory reported is
that of the run alone (Django and the libraries included). Columns: mentions; seconds
to load the evidence into frames, to rank (with the bootstrap), to write the entries;
the run's total; and the run process's peak RSS.

Sizes: 10k = 1,000 respondents / 200 influencers; 100k = 10,000 / 2,000;
1m = 100,000 respondents / 20,000 influencers (10 mentions per respondent on average).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import admin, setup_django, with_database  # noqa: E402

BENCH_DB = "influencer50_bench"
SIZES = {
    "10k": (1_000, 200),
    "100k": (10_000, 2_000),
    "1m": (100_000, 20_000),
}


def _copy(model, frame) -> None:
    """COPY `frame` (columns named after the model's columns) into the model's table."""
    from django.db import connection

    buffer = io.StringIO()
    frame.to_csv(buffer, index=False, header=False, na_rep="\\N")
    buffer.seek(0)
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
        )
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{model._meta.db_table}', 'id'), "
            f"(SELECT max(id) FROM {table}))"
        )


def setup(size: str) -> dict:
    """Write one synthetic market into the (migrated, emptied) bench database."""
    import numpy as np
    import pandas as pd
    from django.db import connection
    from django.utils import timezone

    from bench.synthetic_market import generate_market
    from identification.models import Buyer, Evidence, Influencer, Mention, Organization
    from identification.services.setup import create_client, create_study

    started = time.perf_counter()
    respondents, influencers = SIZES[size]
    mentions, people, _ = generate_market(
        respondents=respondents, influencers=influencers, mentions_per_respondent=10.0, seed=1
    )
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE identification_client, auth_user RESTART IDENTITY CASCADE")
    client = create_client(name="Bench client")
    study = create_study(client=client, name=f"Bench {size}")
    category = client.categories.first()
    now = timezone.now()

    org_keys = pd.Index(sorted(set(people["organization"]) - {""}))
    _copy(
        Organization,
        pd.DataFrame(
            {"id": np.arange(1, len(org_keys) + 1), "client_id": client.pk, "name": org_keys}
        ).assign(sector="", size_band=""),
    )
    buyers = people[people["role"] != ""].reset_index(drop=True)
    buyer_id = pd.Series(np.arange(1, len(buyers) + 1), index=buyers["respondent"])
    _copy(
        Buyer,
        pd.DataFrame(
            {
                "id": buyer_id.to_numpy(),
                "client_id": client.pk,
                "organization_id": org_keys.get_indexer(buyers["organization"]) + 1,
                "name": "",
                "title": "",
                "role": buyers["role"].to_numpy(),
                "external_id": "",
                "product_area": "",
                "buying_situation": "",
                "outcome": "",
                "deal_size_band": buyers["deal_size"].to_numpy(),
                "purchase_date": None,
                "created_at": now,
            }
        ),
    )
    inf_keys = pd.Index(
        sorted(set(mentions["influencer"]) | set(people["respondent"][people["role"] == ""]))
    )
    _copy(
        Influencer,
        pd.DataFrame(
            {
                "id": np.arange(1, len(inf_keys) + 1),
                "client_id": client.pk,
                "name": [f"Influencer {k}" for k in inf_keys],
                "normalized_name": [f"influencer {k}" for k in inf_keys],
                "kind": "person",
                "category_id": category.pk,
                "affiliation": "",
                "external_id": "",
                "audience": "{}",
                "known_to_client": False,
                "notes": "",
                "buyer_id": None,
                "provisional": False,
                "created_at": now,
            }
        ),
    )
    evidence = mentions.drop_duplicates("evidence")[["evidence", "respondent", "collected_on"]]
    is_buyer = evidence["respondent"].isin(buyer_id.index)
    _copy(
        Evidence,
        pd.DataFrame(
            {
                "id": evidence["evidence"].to_numpy(),
                "study_id": study.pk,
                "kind": "interview",
                "buyer_id": pd.array(
                    np.where(is_buyer, buyer_id.reindex(evidence["respondent"]).fillna(0), 0),
                    dtype="Int64",
                ),
                "respondent_influencer_id": pd.array(
                    np.where(is_buyer, 0, inf_keys.get_indexer(evidence["respondent"]) + 1),
                    dtype="Int64",
                ),
                "collected_on": pd.to_datetime(evidence["collected_on"]).dt.date,
                "collected_by_id": None,
                "notes": "",
                "source_key": "",
                "created_at": now,
                "updated_at": now,
            }
        ).replace({"buyer_id": {0: None}, "respondent_influencer_id": {0: None}}),
    )
    stage_ids = dict(enumerate(study.stages.order_by("order").values_list("pk", flat=True)))
    from bench.synthetic_market import STAGES

    stage_of = {name: stage_ids[i] for i, name in enumerate(STAGES)}
    _copy(
        Mention,
        pd.DataFrame(
            {
                "id": mentions["mention"].to_numpy(),
                "evidence_id": mentions["evidence"].to_numpy(),
                "influencer_id": inf_keys.get_indexer(mentions["influencer"]) + 1,
                "stage_id": mentions["stage"].map(stage_of).to_numpy(),
                "strength": mentions["strength"].to_numpy(),
                "direction": mentions["direction"].to_numpy(),
                "channel": mentions["channel"].to_numpy(),
                "quote": mentions["quote"].to_numpy(),
            }
        ),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return {
        "study": study.pk,
        "mentions": len(mentions),
        "setup_s": time.perf_counter() - started,
    }


def run(study_id: int) -> dict:
    """One whole run of the study, timed by the service itself."""
    from identification.models import RankingRun
    from identification.services.runs import execute_run

    started = time.perf_counter()
    ranking = execute_run(run_id=RankingRun.objects.create(study_id=study_id).pk)
    wall = time.perf_counter() - started
    if ranking.status != RankingRun.Status.SUCCEEDED:
        raise SystemExit(f"run failed: {ranking.error}")
    return {
        "mentions": ranking.mention_count,
        "entries": ranking.entries.count(),
        "replicates": ranking.parameters["replicates"],
        "load": ranking.timings["load"],
        "engine": ranking.timings["engine"],
        "write": ranking.timings["write"],
        "total": wall,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _child(args: list[str], env_url: str, replicates: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args, "--replicates", str(replicates)],
        env={**os.environ, "DATABASE_URL": env_url},
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--keep", action="store_true", help="Keep the bench database.")
    parser.add_argument("--setup", help=argparse.SUPPRESS)
    parser.add_argument("--run", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Set DATABASE_URL to a PostgreSQL server (the bench creates its own db).")
    if args.setup or args.run:
        os.environ["RANKING_BOOTSTRAP_REPLICATES"] = str(args.replicates)
        setup_django(url)
        print(json.dumps(setup(args.setup) if args.setup else run(args.run)))
        return

    bench_url = with_database(url, BENCH_DB)
    admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB}", f"CREATE DATABASE {BENCH_DB}")
    try:
        subprocess.run(
            [sys.executable, str(ROOT / "manage.py"), "migrate", "--no-input", "-v", "0"],
            env={**os.environ, "DATABASE_URL": bench_url, "DEBUG": "true"},
            check=True,
        )
        print(f"Whole ranking run on PostgreSQL, {args.replicates} bootstrap replicates")
        columns = (("mentions", 10), ("load s", 8), ("engine s", 9), ("write s", 8))
        columns += (("total s", 8), ("peak MB", 8))
        print(" ".join(f"{name:>{width}}" for name, width in columns))
        for size in args.sizes.split(","):
            prepared = _child(["--setup", size], bench_url, args.replicates)
            result = _child(["--run", str(prepared["study"])], bench_url, args.replicates)
            print(
                f"{result['mentions']:>10,} {result['load']:>8.2f} {result['engine']:>9.2f} "
                f"{result['write']:>8.2f} {result['total']:>8.2f} {result['peak_mb']:>8.0f}"
                f"   ({result['entries']:,} entries, {result['replicates']} replicates; "
                f"data written in {prepared['setup_s']:.1f} s)",
                flush=True,
            )
    finally:
        if not args.keep:
            admin(url, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    print(
        "Reproduce: DATABASE_URL=postgres://USER@HOST:5432/ANY "
        f".venv/bin/python bench/bench_run.py --sizes {args.sizes} --replicates {args.replicates}"
    )


if __name__ == "__main__":
    main()
