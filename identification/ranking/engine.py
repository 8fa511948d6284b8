"""rank(): evidence frames in, ranked influencers out."""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
import pandas as pd

from identification.ranking.bootstrap import bootstrap_ranks, ranks_of
from identification.ranking.explain import explain, mention_contributions
from identification.ranking.inputs import Encoded, encode
from identification.ranking.pagerank import build_transition, propagate, shares
from identification.ranking.params import RankingParams
from identification.ranking.profile import influencer_profile
from identification.ranking.result import ENTRY_DTYPES, RankingResult, empty_entries
from identification.ranking.weights import build_edges, weighted_graph


class _Clock:
    """Collects seconds per phase for RankingResult.timings."""

    def __init__(self) -> None:
        self.timings: dict[str, float] = {}
        self._start = self._last = time.perf_counter()

    def lap(self, phase: str) -> None:
        now = time.perf_counter()
        self.timings[phase] = now - self._last
        self._last = now

    def finish(self) -> dict[str, float]:
        self.timings["total"] = time.perf_counter() - self._start
        return self.timings


def _stage_scores(
    enc: Encoded, raw: np.ndarray, restart: np.ndarray, params: RankingParams
) -> list[dict[str, float]]:
    """Per influencer, {stage: share of the influence received through that stage's mentions
    alone} (the whole ranking recomputed on them, own interviews left out as in the score)."""
    out: list[dict[str, float]] = [{} for _ in range(enc.influencer_count)]
    for code, stage in enumerate(enc.stage_names.tolist()):
        subset = enc.m_stage == code
        edges = build_edges(
            enc.m_src[subset],
            enc.m_dst[subset],
            raw[subset],
            enc.influencer_count,
            params.repeat_cap,
        )
        transition = build_transition(edges, enc.influencer_count, enc.node_count)
        values, _ = propagate(transition, restart, params.damping, params.tol, params.max_iter)
        stage_share = shares(values)
        for i in np.flatnonzero(stage_share).tolist():
            out[i][stage] = float(stage_share[i])
    return out


def rank(
    mentions: pd.DataFrame,
    respondents: pd.DataFrame,
    params: RankingParams | None = None,
    progress: Callable[[int], None] | None = None,
) -> RankingResult:
    """Rank the influencers named in ``mentions`` (see DESIGN.md, "The ranking, in words").

    ``progress`` is called with a percentage a handful of times. Raises ValueError on
    invalid input; no mentions gives an empty result.
    """
    params = params or RankingParams()
    report = progress or (lambda percent: None)
    clock = _Clock()
    enc = encode(mentions, respondents, params)
    clock.lap("validate")
    if enc.mention_count == 0:
        return RankingResult(empty_entries(), {}, 0, clock.finish(), len(respondents), 0, 0)

    graph = weighted_graph(enc, params)
    edges, restart = graph.edges, graph.restart
    if not np.any(restart[enc.m_src] > 0):
        raise ValueError("every respondent who names someone has weight 0; nothing to rank")
    clock.lap("weights")
    report(5)

    transition = build_transition(edges, enc.influencer_count, enc.node_count)
    values, iterations = propagate(transition, restart, params.damping, params.tol, params.max_iter)
    score = shares(values)
    clock.lap("score")
    report(20)

    stage_scores = _stage_scores(enc, graph.raw, restart, params)
    clock.lap("stages")
    profile = influencer_profile(enc, edges, params)
    clock.lap("profile")
    # What flows out of a node is all it holds: its own restart plus damped received influence.
    all_values = restart.copy()
    all_values[: enc.influencer_count] += params.damping * values
    contribution = mention_contributions(enc, edges, transition, all_values)
    explanations = explain(enc, edges, contribution, list(params.strength_weights))
    clock.lap("explain")
    report(30)

    ranks = ranks_of(score)
    if params.replicates > 0:
        intervals = bootstrap_ranks(
            enc,
            transition,
            graph.respondent_weight,
            replicates=params.replicates,
            seed=params.seed,
            top_n=params.top_n,
            damping=params.damping,
            tol=params.tol,
            max_iter=params.max_iter,
            progress=lambda done: report(30 + int(65 * done)),
        )
        low, high, top_share = intervals.low, intervals.high, intervals.top_n_share
    else:
        low, high = ranks, ranks
        top_share = (ranks <= params.top_n).astype(float)
    clock.lap("bootstrap")

    entries = profile.assign(
        influencer=enc.influencer_keys,
        rank=ranks,
        score=score,
        stage_scores=stage_scores,
        rank_low=low,
        rank_high=high,
        top_n_share=top_share,
    )
    entries = (
        entries.sort_values("rank").reset_index(drop=True)[list(ENTRY_DTYPES)].astype(ENTRY_DTYPES)
    )
    clock.lap("assemble")
    report(100)
    return RankingResult(
        entries=entries,
        explanations=explanations,
        iterations=iterations,
        timings=clock.finish(),
        respondent_count=len(enc.respondent_keys),
        influencer_count=enc.influencer_count,
        mention_count=enc.mention_count,
    )
