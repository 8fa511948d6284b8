"""Benchmark of a large long-layout import into PostgreSQL, entity resolution included.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python bench/bench_import.py [--rows 100000] [--respondents 20000]
        [--names 5000] [--seeded 2500] [--keep]

DATABASE_URL names the server; the benchmark creates its own database
`influencer50_bench_import` there (dropped afterwards unless --keep) and migrates it.
A first subprocess writes the CSV (bench/make_import_csv.py) and a client whose registry
already holds `--seeded` of the base names (so exact, fuzzy, near and new names all
occur). A second, fresh subprocess runs the import service on the file, so the peak
memory reported (ru_maxrss) is the import's, Django and the libraries included. The
automatic ranking the import requests is left out (bench/bench_run.py measures runs).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.postgres import admin, setup_django, with_database  # noqa: E402

BENCH_DB = "influencer50_bench_import"
STUDY = "Bench import study"


def _django(database_url: str) -> None:
    os.environ.setdefault("IMPORT_MAX_UPLOAD_BYTES", str(500 * 1024 * 1024))
    setup_django(database_url)


def setup(args) -> None:
    """Migrate, create the client and study, seed the registry, write the CSV."""
    _django(args.database_url)
    from django.core.management import call_command

    from bench.make_import_csv import base_names, write_csv
    from identification.models import Category, Influencer, normalize_name
    from identification.services.setup import create_client, create_study

    call_command("migrate", verbosity=0)
    client = create_client(name="Bench client")
    create_study(client=client, name=STUDY)
    categories = dict(Category.objects.filter(client=client).values_list("name", "pk"))
    people = base_names(args.names, args.seed)[: args.seeded]
    Influencer.objects.bulk_create(
        Influencer(
            client=client,
            name=name,
            normalized_name=normalize_name(name),
            category_id=categories[category],
        )
        for name, category in people
    )
    write_csv(
        Path(args.csv),
        rows=args.rows,
        respondents=args.respondents,
        names=args.names,
        seed=args.seed,
    )


def run_import(args) -> None:
    """Import the CSV once, print a JSON line of figures."""
    _django(args.database_url)
    from identification.models import Study
    from surveys.services.imports import import_file

    study = Study.objects.select_related("client").get(name=STUDY)
    content = Path(args.csv).read_bytes()
    started = time.perf_counter()
    report = import_file(study=study, content=content, filename="bench.csv", request_ranking=False)
    seconds = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "ok": report.ok,
                "problems": report.problem_lines()[:5],
                "seconds": round(seconds, 2),
                "peak_mb": round(peak_kb / 1024, 1),
                "timings": report.timings,
                "resolution": report.resolution,
                "created": report.created,
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--respondents", type=int, default=20_000)
    parser.add_argument("--names", type=int, default=5_000)
    parser.add_argument("--seeded", type=int, default=2_500)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--phase", choices=["setup", "import"], help=argparse.SUPPRESS)
    parser.add_argument("--database-url", help=argparse.SUPPRESS)
    parser.add_argument("--csv", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase == "setup":
        setup(args)
        return
    if args.phase == "import":
        run_import(args)
        return

    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")
    if not server.startswith("postgres"):
        sys.exit("DATABASE_URL must name a PostgreSQL server.")
    bench_url = with_database(server, BENCH_DB)
    admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}", f"CREATE DATABASE {BENCH_DB}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            csv_path = str(Path(tmp) / "bench.csv")
            common = [
                *sys.argv[1:],
                "--database-url",
                bench_url,
                "--csv",
                csv_path,
            ]
            me = [sys.executable, str(Path(__file__).resolve())]
            subprocess.run([*me, "--phase", "setup", *common], check=True, cwd=ROOT)
            size_mb = Path(csv_path).stat().st_size / 1024 / 1024
            out = subprocess.run(
                [*me, "--phase", "import", *common],
                check=True,
                cwd=ROOT,
                capture_output=True,
                text=True,
            ).stdout
        figures = json.loads(out.strip().splitlines()[-1])
    finally:
        if not args.keep:
            admin(server, f"DROP DATABASE IF EXISTS {BENCH_DB}")
    print(
        f"Import of {args.rows:,} rows ({args.respondents:,} respondents, {args.names:,} base "
        f"names with spelling variants, {args.seeded:,} already in the registry), "
        f"CSV {size_mb:.1f} MB, into PostgreSQL:"
    )
    print(f"  ok: {figures['ok']} {figures['problems'] or ''}")
    print(f"  seconds: {figures['seconds']}  (phases: {figures['timings']})")
    print(f"  peak memory: {figures['peak_mb']} MB (ru_maxrss of the import process)")
    print(f"  names resolved: {figures['resolution']}")
    print(f"  created: {figures['created']}")
    print(
        "Reproduce: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres "
        ".venv/bin/python bench/bench_import.py " + " ".join(sys.argv[1:])
    )


if __name__ == "__main__":
    main()
