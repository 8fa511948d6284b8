"""Rank uncertainty: a bootstrap over respondents."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from identification.ranking.inputs import Encoded
from identification.ranking.pagerank import Transition, propagate, shares

# Replicates solved together as the columns of one dense block: big enough for fast
# sparse x dense products, small enough to keep memory near 30 MB at 100k respondents.
CHUNK = 25
# Scores are rounded before ranking so that ties in exact arithmetic stay ties in
# floating point and fall back to the influencer key (nodes are in key order).
SCORE_DECIMALS = 12


def ranks_of(scores: np.ndarray) -> np.ndarray:
    """1-based ranks down each column: higher score first, ties by influencer key."""
    order = np.argsort(-np.round(scores, SCORE_DECIMALS), axis=0, kind="stable")
    ranks = np.empty_like(order)
    positions = np.arange(1, scores.shape[0] + 1).reshape(-1, *([1] * (scores.ndim - 1)))
    np.put_along_axis(ranks, order, np.broadcast_to(positions, order.shape), axis=0)
    return ranks


@dataclass(frozen=True)
class RankIntervals:
    """Per influencer: 5th and 95th percentile rank and share of replicates in the top N."""

    low: np.ndarray
    high: np.ndarray
    top_n_share: np.ndarray


def bootstrap_ranks(
    enc: Encoded,
    transition: Transition,
    respondent_weight: np.ndarray,
    *,
    replicates: int,
    seed: int,
    top_n: int,
    damping: float,
    tol: float,
    max_iter: int,
    progress: Callable[[float], None] | None = None,
) -> RankIntervals:
    """Resample respondents with replacement ``replicates`` times and rerank each time.

    A respondent drawn k times restarts with k times their weight; one drawn zero times
    contributes nothing, including the edges they give as an interviewed influencer.
    Respondents are drawn in key order from a seeded generator, so the same evidence and
    seed give the same intervals whatever the input row order.
    """
    n_inf = enc.influencer_count
    n_resp = len(respondent_weight)
    rng = np.random.default_rng(seed)
    ranks = np.empty((n_inf, replicates), dtype=np.int32)
    is_peer = enc.respondent_node < n_inf
    peer_nodes = enc.respondent_node[is_peer]
    for start in range(0, replicates, CHUNK):
        size = min(CHUNK, replicates - start)
        draws = rng.integers(0, n_resp, size=(size, n_resp))
        offsets = (np.arange(size) * n_resp)[:, None]
        counts = np.bincount((draws + offsets).ravel(), minlength=size * n_resp)
        counts = counts.reshape(size, n_resp).T  # respondents x replicates
        restart = np.zeros((enc.node_count, size))
        restart[enc.respondent_node] = counts * respondent_weight[:, None]
        active = np.ones((n_inf, size))
        active[peer_nodes] = counts[is_peer] > 0
        values, _ = propagate(transition, restart, damping, tol, max_iter, active)
        ranks[:, start : start + size] = ranks_of(shares(values))
        if progress is not None:
            progress((start + size) / replicates)
    low, high = np.percentile(ranks, [5, 95], axis=1)
    return RankIntervals(
        low=np.floor(low).astype(int),
        high=np.ceil(high).astype(int),
        top_n_share=(ranks <= top_n).mean(axis=1),
    )
