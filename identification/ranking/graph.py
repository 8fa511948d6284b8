"""The ranking graph as a networkx DiGraph, for explanations, ego networks and checks.

Not used in the hot path: building a DiGraph of millions of edges takes seconds.
"""

from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd

from identification.ranking.inputs import encode
from identification.ranking.params import RankingParams
from identification.ranking.weights import weighted_graph


def to_networkx(
    mentions: pd.DataFrame, respondents: pd.DataFrame, params: RankingParams | None = None
) -> nx.DiGraph:
    """Respondents and influencers as one node per key; edge ``weight`` is the capped weight.

    Node attributes: ``restart`` (the respondent weight, 0 for influencers who were not
    interviewed), ``is_respondent`` and ``is_influencer``. :func:`received_shares` turns
    ``nx.pagerank`` on this graph into the engine's scores.
    """
    params = params or RankingParams()
    enc = encode(mentions, respondents, params)
    weighted = weighted_graph(enc, params)
    edges = weighted.edges
    keys = np.empty(enc.node_count, dtype=object)
    keys[: enc.influencer_count] = enc.influencer_keys
    keys[enc.respondent_node] = enc.respondent_keys
    is_respondent = np.zeros(enc.node_count, dtype=bool)
    is_respondent[enc.respondent_node] = True
    graph = nx.DiGraph()
    for node, key in enumerate(keys.tolist()):
        graph.add_node(
            key,
            restart=float(weighted.restart[node]),
            is_respondent=bool(is_respondent[node]),
            is_influencer=node < enc.influencer_count,
        )
    graph.add_weighted_edges_from(
        zip(keys[edges.src].tolist(), keys[edges.dst].tolist(), edges.weight.tolist(), strict=True)
    )
    return graph


def received_shares(graph: nx.DiGraph, damping: float, tol: float = 1e-12) -> dict[str, float]:
    """The engine's scores computed by networkx, for checks: per influencer, its share of
    what reaches the influencers along edges, ``sum_j x_j w_ji / out_j``, where ``x`` is
    ``nx.pagerank`` restarting at the respondents (own restart is not credit)."""
    restart = {node: data["restart"] for node, data in graph.nodes(data=True)}
    # networkx stops when the total change is below N * tol, so scale tol down by N.
    x = nx.pagerank(
        graph,
        alpha=damping,
        personalization=restart,
        weight="weight",
        tol=tol / max(len(graph), 1),
        max_iter=10_000,
    )
    out = dict(graph.out_degree(weight="weight"))
    received = {n: 0.0 for n, data in graph.nodes(data=True) if data["is_influencer"]}
    for src, dst, weight in graph.edges(data="weight"):
        received[dst] += x[src] * weight / out[src]
    total = sum(received.values())
    return {n: (value / total if total > 0 else 0.0) for n, value in received.items()}
