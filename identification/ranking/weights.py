"""Edge weights: per mention, per respondent-influencer pair (capped), per respondent."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from identification.ranking.inputs import Encoded
from identification.ranking.params import RankingParams


def mention_weights(enc: Encoded, params: RankingParams) -> np.ndarray:
    """Stage weight x strength weight x recency decay for every mention."""
    stage = np.array([params.stage_weights.get(s, 1.0) for s in enc.stage_names], dtype=float)
    strength = np.array(list(params.strength_weights.values()), dtype=float)
    decay = np.exp2(-enc.m_age_days / params.half_life_days)
    stage_part = stage[enc.m_stage] if len(stage) else np.ones(enc.mention_count)
    return stage_part * strength[enc.m_strength] * decay


def respondent_weights(enc: Encoded, params: RankingParams) -> np.ndarray:
    """Role weight (x deal-size weight when configured) per respondent, in key order."""
    weights = np.array([params.role_weights[r] for r in enc.respondent_role], dtype=float)
    if params.deal_size_weights is not None:
        deal = params.deal_size_weights
        weights *= np.array([deal.get(d, 1.0) for d in enc.respondent_deal], dtype=float)
    return weights


def cap_repeats(total: np.ndarray, cap: float) -> np.ndarray:
    """Diminishing return on repeated mentions: monotone in ``total``, always below ``cap``."""
    return -cap * np.expm1(-total / cap)


@dataclass(frozen=True)
class Edges:
    """Distinct respondent -> influencer edges and how each mention maps onto them."""

    src: np.ndarray  # node index of the naming respondent
    dst: np.ndarray  # influencer index
    weight: np.ndarray  # capped weight
    of_mention: np.ndarray  # edge index of each mention
    mention_weight: np.ndarray  # each mention's part of its capped edge weight

    def __len__(self) -> int:
        return len(self.src)


def build_edges(
    src: np.ndarray, dst: np.ndarray, raw: np.ndarray, influencer_count: int, cap: float
) -> Edges:
    """Group mentions by (respondent, influencer), sum and cap their weights.

    A mention's own share of the capped edge is proportional to its raw weight, so that
    channel, direction and explanation breakdowns add up to the capped total.
    """
    key = src.astype(np.int64) * max(influencer_count, 1) + dst
    unique, of_mention = np.unique(key, return_inverse=True)
    total = np.bincount(of_mention, weights=raw, minlength=len(unique))
    capped = cap_repeats(total, cap)
    scale = np.divide(capped, total, out=np.zeros_like(total), where=total > 0)
    return Edges(
        src=unique // max(influencer_count, 1),
        dst=unique % max(influencer_count, 1),
        weight=capped,
        of_mention=of_mention,
        mention_weight=raw * scale[of_mention],
    )


@dataclass(frozen=True)
class WeightedGraph:
    """The evidence as a weighted graph: what scoring, the bootstrap and checks start from."""

    raw: np.ndarray  # each mention's weight before the cap
    edges: Edges
    respondent_weight: np.ndarray  # per respondent, in key order
    restart: np.ndarray  # per node: the respondent's weight, 0 for influencers not interviewed


def weighted_graph(enc: Encoded, params: RankingParams) -> WeightedGraph:
    """Mention weights, the capped edges, respondent weights and the restart vector."""
    raw = mention_weights(enc, params)
    weight = respondent_weights(enc, params)
    restart = np.zeros(enc.node_count)
    restart[enc.respondent_node] = weight
    return WeightedGraph(
        raw=raw,
        edges=build_edges(enc.m_src, enc.m_dst, raw, enc.influencer_count, params.repeat_cap),
        respondent_weight=weight,
        restart=restart,
    )
