"""The ranking checked against adoption in two diffusion studies (DESIGN.md, point 7).

    .venv/bin/python bench/validate.py [--datasets kfamily,brfarmers] [--sweep]
                                        [--output docs/validation.json]

Each data set of ../shared/validation/ (or $INFLUENCER50_VALIDATION_DATA) goes through the
product's own path into a throwaway SQLite database: `create_study`, one decision stage
of weight 1 per relation, `import_evidence` with a mapping JSON (chooser_id -> respondent,
chosen_id -> influencer, relation -> stage, direction neutral), then a ranking run
(`compute_now`). The script prints, per data set, Spearman rho of score against time of
adoption (all respondents and adopters only) with its bootstrap standard error, the mean
adoption time of the top 10% against the rest, the share of communities with rho < 0,
the same for the baselines of the data's README (computed here), and how many of the
in-degree top 25 have a rank interval holding their in-degree rank; then one line per
data set, `validate: DATASET engine_rho=... se=... indegree_rho=... pagerank_rho=...
top10_toa=... rest_toa=...`, and writes the figures to docs/validation.json.
`--sweep` adds the settings sweep of issue 8 (damping x repeat cap x stage weighting).
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def setup_django(database: Path) -> None:
    """Django on a fresh SQLite file, tasks eager (no broker), migrated."""
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.pop("CELERY_BROKER_URL", None)
    os.environ.setdefault("SECRET_KEY", "validation-harness-only")
    os.environ["DJANGO_SETTINGS_MODULE"] = "influencer50.settings"
    import django
    from django.core.management import call_command

    django.setup()
    # The eager ranking task logs every success; the harness prints its own summary.
    logging.getLogger("celery").setLevel(logging.WARNING)
    call_command("migrate", verbosity=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--datasets", default="kfamily,brfarmers")
    parser.add_argument("--sweep", action="store_true", help="Also sweep the engine's settings.")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "validation.json")
    args = parser.parse_args(argv)

    from bench.validation.datasets import DATASETS, DataMissingError, data_dir

    names = [n.strip() for n in args.datasets.split(",") if n.strip()]
    unknown = sorted(set(names) - set(DATASETS))
    if unknown:
        parser.error(f"unknown data sets {unknown}; known: {sorted(DATASETS)}")
    try:
        directory = data_dir()
    except DataMissingError as exc:
        print(exc, file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="influencer50-validate-") as work:
        setup_django(Path(work) / "validate.sqlite3")
        from bench.validation.run import run_all

        started = time.perf_counter()
        run_all(
            specs=[DATASETS[n] for n in names],
            directory=directory,
            workdir=Path(work),
            sweep=args.sweep,
            output=args.output,
        )
    print(f"Took {time.perf_counter() - started:.1f} s. Data: {directory}. Reproduce with:")
    print(f"  {' '.join(['.venv/bin/python', 'bench/validate.py', *sys.argv[1:]])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
