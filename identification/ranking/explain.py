"""Explanations: what each influencer's score is made of, down to the quotes."""

from __future__ import annotations

import numpy as np
import pandas as pd

from identification.ranking.inputs import Encoded
from identification.ranking.pagerank import Transition
from identification.ranking.result import Explanation
from identification.ranking.weights import Edges

QUOTES_PER_INFLUENCER = 3


def mention_contributions(
    enc: Encoded, edges: Edges, transition: Transition, values: np.ndarray
) -> np.ndarray:
    """Inflow each mention carries into its influencer at the stationary point.

    ``values`` is the unnormalised PageRank over all nodes; the flow along an edge is
    ``value[src] * P(edge)`` (the damping factor common to every edge left out, as in the
    scores), split over the edge's mentions by their weight.
    """
    per_edge = values[edges.src] * transition.probability
    edge_of = edges.of_mention
    part = np.divide(
        edges.mention_weight,
        edges.weight[edge_of],
        out=np.zeros_like(edges.mention_weight),
        where=edges.weight[edge_of] > 0,
    )
    return per_edge[edge_of] * part


def _shares_by(dst: np.ndarray, labels: np.ndarray, weights: np.ndarray, n_inf: int) -> list:
    """Per influencer, {label: share of that influencer's total}."""
    codes, names = pd.factorize(labels)
    width = max(len(names), 1)
    pair, inverse = np.unique(dst.astype(np.int64) * width + codes, return_inverse=True)
    sums = np.bincount(inverse, weights=weights, minlength=len(pair))
    owner = pair // width
    totals = np.bincount(owner, weights=sums, minlength=n_inf)
    share = np.divide(sums, totals[owner], out=np.zeros_like(sums), where=totals[owner] > 0)
    label_of_pair = np.asarray(names, dtype=object)[pair % width]
    out: list[dict[str, float]] = [{} for _ in range(n_inf)]
    bounds = np.searchsorted(owner, np.arange(n_inf + 1))
    share_list = share.tolist()
    label_list = label_of_pair.tolist()
    for i in np.flatnonzero(np.diff(bounds)):
        a, b = bounds[i], bounds[i + 1]
        out[i] = {k: v for k, v in zip(label_list[a:b], share_list[a:b], strict=True) if v > 0}
    return out


def _top_quotes(
    enc: Encoded, edges: Edges, contribution: np.ndarray, strength_names: list[str]
) -> list[list[tuple[str, str, str, str]]]:
    n_inf = enc.influencer_count
    out: list[list[tuple[str, str, str, str]]] = [[] for _ in range(n_inf)]
    has_quote = np.flatnonzero(enc.m_quote != "")
    if len(has_quote) == 0:
        return out
    dst = enc.m_dst[has_quote]
    # Strongest by edge weight (stage x strength x recency, capped), then by the flow it
    # carried (which adds the respondent's weight); the mention id keeps it reproducible.
    order = np.lexsort(
        (
            enc.m_mention[has_quote],
            -contribution[has_quote],
            -edges.mention_weight[has_quote],
            dst,
        )
    )
    picked = has_quote[order]
    group_start = np.searchsorted(dst[order], dst[order])
    keep = picked[(np.arange(len(order)) - group_start) < QUOTES_PER_INFLUENCER]
    for m in keep.tolist():
        out[enc.m_dst[m]].append(
            (
                str(enc.respondent_keys[enc.m_respondent[m]]),
                str(enc.stage_names[enc.m_stage[m]]),
                strength_names[enc.m_strength[m]],
                str(enc.m_quote[m]),
            )
        )
    return out


def explain(
    enc: Encoded, edges: Edges, contribution: np.ndarray, strength_names: list[str]
) -> dict[str, Explanation]:
    """Explanation per influencer key from the per-mention contributions."""
    n_inf = enc.influencer_count
    dst = enc.m_dst
    by_stage = _shares_by(dst, enc.stage_names[enc.m_stage], contribution, n_inf)
    by_role = _shares_by(dst, enc.respondent_role[enc.m_respondent], contribution, n_inf)
    by_org = _shares_by(dst, enc.respondent_org[enc.m_respondent], contribution, n_inf)
    quotes = _top_quotes(enc, edges, contribution, strength_names)
    return {
        key: Explanation(by_stage[i], by_role[i], by_org[i], quotes[i])
        for i, key in enumerate(enc.influencer_keys.tolist())
    }
