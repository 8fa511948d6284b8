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
    interviewed), ``is_respondent`` and ``is_influencer``. ``nx.pagerank(G,
    personalization={n: restart}, weight="weight")`` on this graph, normalised over the
    influencers, gives the engine's scores.
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
