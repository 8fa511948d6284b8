"""Personalised PageRank by power iteration on sparse matrices.

With the restart vector ``p`` over respondents and dangling mass sent back along ``p``
(networkx's default), the stationary vector is proportional to ``y = p (I - aP)^-1``:
dangling handling only changes the normalisation, and the influencer shares are
normalised separately anyway. Pure respondents have no incoming edges, so ``y`` on them
is just ``p``; the iteration runs on the influencer -> influencer block alone, with the
respondents' mass as a fixed injection. A score is what an influencer receives along
the edges naming them, ``y P`` (= ``(y - p) / a``): an interviewed influencer's own
restart is not credit to them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from identification.ranking.weights import Edges


@dataclass(frozen=True)
class Transition:
    """Column-oriented transition blocks: ``A[dst, src] = P(src -> dst)``."""

    from_influencers: sp.csr_array  # influencers x influencers
    from_respondents: sp.csr_array  # influencers x pure respondents
    probability: np.ndarray  # per edge, in the order of the Edges it was built from


def build_transition(edges: Edges, influencer_count: int, node_count: int) -> Transition:
    """Row-normalise edge weights per naming node and split them into the two blocks."""
    out = np.bincount(edges.src, weights=edges.weight, minlength=node_count)
    prob = np.divide(
        edges.weight, out[edges.src], out=np.zeros_like(edges.weight), where=out[edges.src] > 0
    )
    peer = edges.src < influencer_count
    n_pure = node_count - influencer_count
    from_influencers = sp.csr_array(
        (prob[peer], (edges.dst[peer], edges.src[peer])),
        shape=(influencer_count, influencer_count),
    )
    from_respondents = sp.csr_array(
        (prob[~peer], (edges.dst[~peer], edges.src[~peer] - influencer_count)),
        shape=(influencer_count, n_pure),
    )
    return Transition(from_influencers, from_respondents, prob)


def propagate(
    transition: Transition,
    restart: np.ndarray,
    damping: float,
    tol: float,
    max_iter: int,
    active: np.ndarray | None = None,
) -> tuple[np.ndarray, int]:
    """Influence each influencer receives from others, for one (N,) or many (N, B) restarts.

    Returns ``z_I``, what flows into each influencer along the edges that name them, before
    damping: every node passes on its own restart weight plus ``damping`` times what it
    received, so the unnormalised PageRank of an influencer node is ``y_I = p_I + a z_I``
    and ``z = y P``. An interviewed influencer's own restart weight flows on to the people
    they name but is not part of their own score: their interview is evidence about others.
    ``damping`` is thus the weight of second-hand influence against first-hand; at 0 only
    direct mentions count, and the scores (shares of ``z``) stay defined.

    ``active`` (I,) or (I, B) switches off the outgoing edges of influencer nodes whose
    own evidence is absent (a bootstrap replicate that did not draw them). Stops when
    the L1 change relative to the received total falls below ``tol``.
    """
    n_inf = transition.from_influencers.shape[0]
    own = restart[:n_inf]
    peers = transition.from_influencers
    first_hand = transition.from_respondents @ restart[n_inf:]
    if peers.nnz == 0:
        return first_hand, 1
    fixed = first_hand + peers @ (own if active is None else own * active)
    z = fixed
    for iteration in range(1, max_iter + 1):
        flowing = z if active is None else z * active
        nxt = fixed + damping * (peers @ flowing)
        change = np.abs(nxt - z).sum(axis=0)
        total = nxt.sum(axis=0)
        z = nxt
        if np.all(change <= tol * np.maximum(total, np.finfo(float).tiny)):
            return z, iteration
    raise ValueError(f"PageRank did not converge in {max_iter} iterations")


def shares(values: np.ndarray) -> np.ndarray:
    """Normalise (columns of) non-negative values to sum to 1; all-zero stays zero."""
    total = values.sum(axis=0)
    return np.divide(values, total, out=np.zeros_like(values), where=total > 0)


def full_pagerank(
    matrix: sp.csr_array,
    personalization: np.ndarray,
    damping: float = 0.85,
    tol: float = 1e-10,
    max_iter: int = 1000,
) -> tuple[np.ndarray, int]:
    """Textbook power iteration on the whole graph (the benchmark's bare baseline).

    ``matrix`` is row-stochastic or has all-zero (dangling) rows; dangling mass and the
    restart both follow ``personalization``. Stops on an absolute L1 change below ``tol``.
    """
    p = personalization / personalization.sum()
    dangling = np.asarray(matrix.sum(axis=1)).ravel() == 0
    transposed = matrix.T.tocsr()
    x = p.copy()
    for iteration in range(1, max_iter + 1):
        nxt = damping * (transposed @ x) + (damping * x[dangling].sum() + 1 - damping) * p
        change = np.abs(nxt - x).sum()
        x = nxt
        if change < tol:
            return x, iteration
    raise ValueError(f"PageRank did not converge in {max_iter} iterations")
