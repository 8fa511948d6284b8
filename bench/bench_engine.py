"""Benchmark of the ranking engine on synthetic markets (no Django needed).

    .venv/bin/python bench/bench_engine.py [--sizes 10k,100k,1m] [--replicates 200]

Each size runs in a fresh subprocess so its peak RSS is its own. Columns: the engine's
total time for rank() with the bootstrap; one scoring pass (transition blocks built from
the edges + reduced power iteration); a bare scipy.sparse power iteration on the whole
prebuilt row-stochastic graph with the same restart and tolerance (iteration only, the
most favourable timing for the baseline); their ratio; the bootstrap phase; peak RSS;
and the largest difference between the two methods' influencer shares.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402
import scipy.sparse as sp  # noqa: E402

from bench.synthetic_market import STAGE_WEIGHTS, generate_market  # noqa: E402
from identification.ranking import RankingParams, rank  # noqa: E402
from identification.ranking.inputs import encode  # noqa: E402
from identification.ranking.pagerank import (  # noqa: E402
    build_transition,
    full_pagerank,
    propagate,
    shares,
)
from identification.ranking.weights import weighted_graph  # noqa: E402

SIZES = {"10k": 1_000, "100k": 10_000, "1m": 100_000}  # label -> respondents
REPEATS = 3


def best_of(repeats, call):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = call()
        times.append(time.perf_counter() - start)
    return min(times), out


def measure(label: str, replicates: int) -> dict:
    respondents = SIZES[label]
    mentions, people, _ = generate_market(
        respondents=respondents, influencers=respondents // 5, seed=1
    )
    params = RankingParams(stage_weights=STAGE_WEIGHTS, replicates=replicates)
    engine_s, result = best_of(1, lambda: rank(mentions, people, params))

    enc = encode(mentions, people, params)
    graph = weighted_graph(enc, params)
    edges, restart = graph.edges, graph.restart

    def scoring_pass():
        transition = build_transition(edges, enc.influencer_count, enc.node_count)
        values, _ = propagate(transition, restart, params.damping, params.tol, params.max_iter)
        return shares(values)

    score_s, engine_shares = best_of(REPEATS, scoring_pass)

    transition = build_transition(edges, enc.influencer_count, enc.node_count)
    full = sp.csr_array(
        (transition.probability, (edges.src, edges.dst)),
        shape=(enc.node_count, enc.node_count),
    )
    bare_s, (x, bare_iterations) = best_of(
        REPEATS, lambda: full_pagerank(full, restart, params.damping, params.tol, params.max_iter)
    )
    bare_shares = x[: enc.influencer_count] / x[: enc.influencer_count].sum()
    return {
        "size": label,
        "mentions": result.mention_count,
        "respondents": result.respondent_count,
        "influencers": result.influencer_count,
        "engine_s": engine_s,
        "score_s": score_s,
        "bare_s": bare_s,
        "ratio": score_s / bare_s,
        "bootstrap_s": result.timings["bootstrap"],
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "max_diff": float(np.abs(engine_shares - bare_shares).max()),
        "iterations": f"{result.iterations}/{bare_iterations}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10k,100k,1m")
    parser.add_argument("--replicates", type=int, default=200)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.replicates)))
        return

    header = (
        f"{'mentions':>9} {'resp':>7} {'infl':>6} {'engine s':>9} {'score s':>8} "
        f"{'bare s':>7} {'ratio':>6} {'boot s':>7} {'peak MB':>8} {'iters':>7} {'max|d|':>8}"
    )
    print(header)
    for label in args.sizes.split(","):
        out = subprocess.run(
            [sys.executable, __file__, "--one", label, "--replicates", str(args.replicates)],
            check=True,
            capture_output=True,
            text=True,
        )
        r = json.loads(out.stdout.strip().splitlines()[-1])
        print(
            f"{r['mentions']:>9} {r['respondents']:>7} {r['influencers']:>6} "
            f"{r['engine_s']:>9.2f} {r['score_s']:>8.4f} {r['bare_s']:>7.4f} "
            f"{r['ratio']:>6.2f} {r['bootstrap_s']:>7.2f} {r['peak_mb']:>8.0f} "
            f"{r['iterations']:>7} {r['max_diff']:>8.1e}"
        )
    print(
        f"\nreproduce: .venv/bin/python bench/bench_engine.py --sizes {args.sizes} "
        f"--replicates {args.replicates}"
    )


if __name__ == "__main__":
    main()
