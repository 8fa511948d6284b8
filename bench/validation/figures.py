"""How well a score predicts adoption: the figures of the validation, on plain frames.

Every score is a Series over the whole roster (index = respondent id, 0 for people
nobody named); ``toa`` is the time of adoption with non-adopters at their code. A
negative Spearman rho means that people scored higher adopted earlier.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy.stats import rankdata, spearmanr

# networkx scales tol by N; the data set README's baselines use this value.
PAGERANK_TOL = 1e-12
BOOTSTRAP_REPLICATES = 1000
BOOTSTRAP_SEED = 0
INTERVAL_TOP = 25


@dataclass(frozen=True)
class Figures:
    """One score's figures on one data set (see README of the validation data)."""

    rho: float
    se: float
    rho_adopters: float
    top10_n: int
    top10_toa: float
    rest_toa: float
    top10_adopted: float
    rest_adopted: float
    negative_communities: int
    communities: int

    def as_dict(self) -> dict:
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in asdict(self).items()}


def baselines(roster: pd.DataFrame, noms: pd.DataFrame) -> dict[str, pd.Series]:
    """The data set README's baselines: pooled in-degree, distinct nominators, PageRank."""
    ids = roster.index
    graph = nx.DiGraph()
    graph.add_nodes_from(ids)
    pairs = noms.groupby(["chooser_id", "chosen_id"]).size()
    graph.add_weighted_edges_from((a, b, int(c)) for (a, b), c in pairs.items())
    pagerank = nx.pagerank(graph, alpha=0.85, weight="weight", tol=PAGERANK_TOL, max_iter=10_000)
    choosers = set(noms.chooser_id)
    restart = {v: float(v in choosers) for v in graph}
    personal = nx.pagerank(
        graph,
        alpha=0.85,
        personalization=restart,
        weight="weight",
        tol=PAGERANK_TOL,
        max_iter=10_000,
    )
    return {
        "indegree": noms.chosen_id.value_counts().reindex(ids, fill_value=0),
        "nominators": noms.groupby("chosen_id").chooser_id.nunique().reindex(ids, fill_value=0),
        "pagerank": pd.Series(pagerank).reindex(ids),
        "ppr_choosers": pd.Series(personal).reindex(ids),
    }


def top_decile(
    score: pd.Series, toa: pd.Series, never: int
) -> tuple[int, float, float, float, float]:
    """n, mean toa and adopted share of the top 10% (ties at the cut included) and of the rest."""
    k = math.ceil(len(score) / 10)
    cut = score.sort_values(ascending=False).iloc[k - 1]
    top = score >= cut
    adopted = toa < never
    return (
        int(top.sum()),
        float(toa[top].mean()),
        float(toa[~top].mean()),
        float(adopted[top].mean()),
        float(adopted[~top].mean()),
    )


def negative_communities(score: pd.Series, toa: pd.Series, village: pd.Series) -> tuple[int, int]:
    """In how many communities rho < 0, of those where both score and toa vary."""
    negative = counted = 0
    for _, idx in village.groupby(village).groups.items():
        s, t = score.loc[idx], toa.loc[idx]
        if s.nunique() < 2 or t.nunique() < 2:
            continue
        counted += 1
        negative += int(spearmanr(s, t)[0] < 0)
    return negative, counted


def bootstrap_rhos(
    scores: dict[str, pd.Series],
    toa: pd.Series,
    replicates: int = BOOTSTRAP_REPLICATES,
    seed: int = BOOTSTRAP_SEED,
) -> dict[str, np.ndarray]:
    """Spearman rho of each score on the same resamples of respondents (with replacement),
    so that differences between scores are paired."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(toa), size=(replicates, len(toa)))
    toa_ranks = _centred(rankdata(toa.to_numpy()[draws], axis=1))
    out = {}
    for label, score in scores.items():
        ranks = _centred(rankdata(score.to_numpy()[draws], axis=1))
        out[label] = (ranks * toa_ranks).sum(axis=1) / np.sqrt(
            (ranks**2).sum(axis=1) * (toa_ranks**2).sum(axis=1)
        )
    return out


def _centred(ranks: np.ndarray) -> np.ndarray:
    return ranks - ranks.mean(axis=1, keepdims=True)


def figures(score: pd.Series, roster: pd.DataFrame, never: int, replicated: np.ndarray) -> Figures:
    """All figures of one score; ``replicated`` holds its bootstrap rhos (for the se)."""
    toa = roster.toa
    adopters = toa < never
    n_top, top_toa, rest_toa, top_adopted, rest_adopted = top_decile(score, toa, never)
    negative, counted = negative_communities(score, toa, roster.village)
    return Figures(
        rho=float(spearmanr(score, toa)[0]),
        se=float(np.nanstd(replicated, ddof=1)),
        rho_adopters=float(spearmanr(score[adopters], toa[adopters])[0]),
        top10_n=n_top,
        top10_toa=top_toa,
        rest_toa=rest_toa,
        top10_adopted=top_adopted,
        rest_adopted=rest_adopted,
        negative_communities=negative,
        communities=counted,
    )


def interval_coverage(
    intervals: pd.DataFrame, indegree: pd.Series, top: int = INTERVAL_TOP
) -> tuple[int, int]:
    """How many of the in-degree top ``top`` have a rank interval holding their in-degree rank.

    ``intervals`` has rank_low and rank_high per id. A person's in-degree rank is the run of
    positions their tie group takes (a tie has no order), and it is held when the two
    ranges overlap; someone the ranking left out holds nothing.
    """
    ranked = indegree.sort_values(ascending=False, kind="stable")
    counts = ranked.to_numpy()
    held = 0
    for person, degree in ranked.iloc[:top].items():
        first = int((counts > degree).sum()) + 1
        last = int((counts >= degree).sum())
        if person in intervals.index:
            low, high = intervals.loc[person, ["rank_low", "rank_high"]]
            held += int(low <= last and high >= first)
    return held, min(top, len(ranked))
