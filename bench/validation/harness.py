"""One data set checked end to end: import, rank, and the figures beside the baselines."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from bench.validation.datasets import DataSet, nominations, respondents
from bench.validation.figures import (
    Figures,
    baselines,
    bootstrap_rhos,
    figures,
    interval_coverage,
)
from bench.validation.product import import_dataset, published_run

# Row order and labels of the tables; "engine" is the product's published run.
SCORES = {
    "engine": "Influencer50 ranking (defaults)",
    "indegree": "(a) in-degree, pooled",
    "nominators": "(b) distinct nominators",
    "pagerank": "(c) PageRank 0.85",
    "ppr_choosers": "(d) PPR 0.85, restart at choosers",
}


@dataclass
class Result:
    """The figures of one data set, as printed, as the machine-readable line and as JSON."""

    spec: DataSet
    figures: dict[str, Figures]
    coverage: tuple[int, int]
    # Bootstrap se of the engine's rho minus in-degree's, on the same resamples.
    difference_se: float
    study_id: int
    seconds: float
    counts: dict[str, int] = field(default_factory=dict)
    settings: dict = field(default_factory=dict)

    def line(self) -> str:
        engine = self.figures["engine"]
        return (
            f"validate: {self.spec.name} engine_rho={engine.rho:.3f} se={engine.se:.3f} "
            f"indegree_rho={self.figures['indegree'].rho:.3f} "
            f"pagerank_rho={self.figures['pagerank'].rho:.3f} "
            f"top10_toa={engine.top10_toa:.2f} rest_toa={engine.rest_toa:.2f}"
        )

    def as_dict(self) -> dict:
        held, of = self.coverage
        return {
            "title": self.spec.title,
            "innovation": self.spec.innovation,
            "people": self.spec.people,
            "periods": self.spec.periods,
            "never": self.spec.never,
            "citations": list(self.spec.citations),
            "counts": self.counts,
            "relations": list(self.spec.relations),
            "figures": {k: f.as_dict() for k, f in self.figures.items()},
            "engine_minus_indegree": {
                "rho": round(self.figures["engine"].rho - self.figures["indegree"].rho, 4),
                "se": round(self.difference_se, 4),
            },
            "interval_coverage": {"held": held, "of": of},
            "settings": self.settings,
            "line": self.line(),
        }


def validate_dataset(*, spec: DataSet, directory: Path, workdir: Path) -> Result:
    """Import ``spec`` through the product, rank it and compute every figure."""
    started = time.perf_counter()
    roster = respondents(spec, directory)
    noms = nominations(spec, directory)
    study, _report = import_dataset(spec=spec, directory=directory, workdir=workdir)
    run, entries = published_run(study=study, roster=roster)
    scores = {"engine": entries.score, **baselines(roster, noms)}
    replicated = bootstrap_rhos(scores, roster.toa)
    params = run.parameters
    return Result(
        spec=spec,
        figures={k: figures(s, roster, spec.never, replicated[k]) for k, s in scores.items()},
        coverage=interval_coverage(entries.dropna(subset=["rank_low"]), scores["indegree"]),
        difference_se=float(np.std(replicated["engine"] - replicated["indegree"], ddof=1)),
        study_id=study.pk,
        seconds=time.perf_counter() - started,
        counts={
            "respondents": len(roster),
            "communities": int(roster.village.nunique()),
            "adopters": int((roster.toa < spec.never).sum()),
            "nominations": len(noms),
            "evidence": run.evidence_count,
            "mentions": run.mention_count,
            "influencers": run.influencer_count,
        },
        settings={
            "damping": params["damping"],
            "repeat_cap": params["repeat_cap"],
            "stage_weights": "1 for every relation",
            "replicates": params["replicates"],
        },
    )
