"""The engine's shape settings swept on one data set's imported evidence (issue 8, part 3).

Damping (the weight of second-hand influence), the repeat cap, and how stages are weighted
when each relation is a stage. Each variant reranks the same loaded evidence with the
product's engine; rho is paired with in-degree's on the same bootstrap resamples.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from itertools import product

import numpy as np
import pandas as pd
from scipy.stats import spearmanr

from bench.validation.figures import bootstrap_rhos, interval_coverage, top_decile
from bench.validation.product import Variants

DAMPINGS = (0.0, 0.25, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95)
# 1e9: no cap in effect (the engine needs a finite cap).
CAPS = {"2": 2.0, "4": 4.0, "8": 8.0, "16": 16.0, "none": 1e9}
STAGE_WEIGHTINGS = ("equal", "balanced")
# The product's defaults, which the other variants are compared with.
DEFAULT = (0.85, "8", "equal")


@dataclass(frozen=True)
class SweepRow:
    """One variant's figures on one data set; differences are paired on the same resamples."""

    damping: float
    cap: str
    stages: str
    rho: float
    se: float
    minus_indegree: float
    minus_indegree_se: float
    minus_default: float
    minus_default_se: float
    top10_toa: float
    rest_toa: float
    held: int
    of: int

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def stage_weights(kind: str, noms: pd.DataFrame) -> dict[str, float]:
    """``equal``: 1 per relation; ``balanced``: every relation carries the same total weight
    (inverse to its nomination count, scaled to a mean weight of 1 per nomination)."""
    counts = noms.relation.value_counts()
    if kind == "equal":
        return dict.fromkeys(counts.index, 1.0)
    return {r: float(len(noms) / (len(counts) * n)) for r, n in counts.items()}


def _key(damping: float, cap: str, stages: str) -> str:
    return f"{damping}/{cap}/{stages}"


def sweep(
    *,
    variants: Variants,
    roster: pd.DataFrame,
    noms: pd.DataFrame,
    indegree: pd.Series,
    never: int,
) -> list[SweepRow]:
    """Every combination of DAMPINGS x CAPS x STAGE_WEIGHTINGS, beside in-degree and the
    product's defaults (DEFAULT)."""
    grid = list(product(DAMPINGS, CAPS, STAGE_WEIGHTINGS))
    entries = {
        _key(*v): variants.entries(
            roster, damping=v[0], repeat_cap=CAPS[v[1]], stage_weights=stage_weights(v[2], noms)
        )
        for v in grid
    }
    scores = {key: e.score for key, e in entries.items()}
    replicated = bootstrap_rhos({**scores, "indegree": indegree}, roster.toa)
    toa = roster.toa
    rho = {key: float(spearmanr(s, toa)[0]) for key, s in {**scores, "indegree": indegree}.items()}
    default = _key(*DEFAULT)
    rows = []
    for variant in grid:
        key = _key(*variant)
        _, top_toa, rest_toa, _, _ = top_decile(scores[key], toa, never)
        held, of = interval_coverage(entries[key].dropna(subset=["rank_low"]), indegree)
        rows.append(
            SweepRow(
                damping=variant[0],
                cap=variant[1],
                stages=variant[2],
                rho=rho[key],
                se=float(np.std(replicated[key], ddof=1)),
                minus_indegree=rho[key] - rho["indegree"],
                minus_indegree_se=float(np.std(replicated[key] - replicated["indegree"], ddof=1)),
                minus_default=rho[key] - rho[default],
                minus_default_se=float(np.std(replicated[key] - replicated[default], ddof=1)),
                top10_toa=top_toa,
                rest_toa=rest_toa,
                held=held,
                of=of,
            )
        )
    return rows
