"""The engine's scores against networkx's pagerank on the same weighted graph."""

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp

from bench.synthetic_market import STAGE_WEIGHTS, generate_market
from identification.ranking import RankingParams, rank
from identification.ranking.frames import mentions_frame, respondents_frame
from identification.ranking.graph import received_shares, to_networkx
from identification.ranking.pagerank import full_pagerank

PARAMS = RankingParams(stage_weights=STAGE_WEIGHTS, replicates=0, tol=1e-13)


def random_study(seed):
    """A few hundred nodes with a dense web of influencer -> influencer edges (cycles too)."""
    rng = np.random.default_rng(seed)
    buyers = [f"b{i}" for i in range(150)]
    influencers = [f"i{i}" for i in range(120)]
    interviewed = influencers[:40]
    rows = []
    for who in buyers + interviewed:
        for _ in range(rng.integers(1, 8)):
            rows.append(
                {
                    "respondent": who,
                    "influencer": influencers[int(rng.zipf(1.2)) % len(influencers)],
                    "stage": str(rng.choice(list(STAGE_WEIGHTS))),
                    "strength": str(rng.choice(["minor", "notable", "decisive"])),
                    "collected_on": f"2025-{rng.integers(1, 13):02d}-01",
                }
            )
    roles = ["decision_maker", "buying_influencer", "user", "gatekeeper", "procurement"]
    respondents = [{"respondent": b, "role": str(rng.choice(roles))} for b in buyers]
    respondents += [{"respondent": i, "role": ""} for i in interviewed]
    return mentions_frame(rows), respondents_frame(respondents)


def networkx_pagerank_shares(graph, params):
    """Plain personalised PageRank of the influencer nodes, normalised over them."""
    restart = {node: data["restart"] for node, data in graph.nodes(data=True)}
    # nx stops when the total change is below N * tol, so scale tol down by N.
    scores = nx.pagerank(
        graph,
        alpha=params.damping,
        personalization=restart,
        weight="weight",
        tol=1e-13 / len(graph),
        max_iter=10_000,
    )
    influencer = {n: s for n, s in scores.items() if graph.nodes[n]["is_influencer"]}
    total = sum(influencer.values())
    return {n: s / total for n, s in influencer.items()}


@pytest.mark.parametrize("seed", [1, 2])
def test_engine_matches_networkx_pagerank(seed):
    mentions, respondents = random_study(seed)
    graph = to_networkx(mentions, respondents, PARAMS)
    assert len(graph) > 200
    expected = received_shares(graph, PARAMS.damping, tol=1e-13)
    entries = rank(mentions, respondents, PARAMS).entries
    got = dict(zip(entries.influencer, entries.score, strict=True))
    assert set(got) == set(expected)
    assert max(abs(got[n] - expected[n]) for n in got) < 1e-8


def test_bare_full_graph_baseline_matches_networkx():
    mentions, respondents, _ = generate_market(respondents=150, seed=3)
    graph = to_networkx(mentions, respondents, PARAMS)
    expected = networkx_pagerank_shares(graph, PARAMS)
    nodes = list(graph)
    matrix = sp.csr_array(nx.to_scipy_sparse_array(graph, nodelist=nodes, weight="weight"))
    out = np.asarray(matrix.sum(axis=1)).ravel()
    stochastic = sp.diags_array(np.divide(1.0, out, out=np.zeros_like(out), where=out > 0))
    restart = np.array([graph.nodes[n]["restart"] for n in nodes])
    x, _ = full_pagerank(stochastic @ matrix, restart, PARAMS.damping, tol=1e-14)
    influencer = [i for i, n in enumerate(nodes) if graph.nodes[n]["is_influencer"]]
    shares = x[influencer] / x[influencer].sum()
    for i, share in zip(influencer, shares, strict=True):
        assert share == pytest.approx(expected[nodes[i]], abs=1e-9)
