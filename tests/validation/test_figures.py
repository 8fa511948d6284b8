"""The validation figures on small literal data whose answers are worked out by hand."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from bench.validation.figures import (
    baselines,
    bootstrap_rhos,
    interval_coverage,
    negative_communities,
    top_decile,
)


def test_top_decile_includes_everyone_tied_at_the_cut():
    # 20 people: the top 10% is 2, but three share the 2nd highest score.
    score = pd.Series([9, 5, 5, 5] + [1] * 16, dtype=float)
    toa = pd.Series([1, 2, 3, 4] + [10] * 16, dtype=float)
    n, top, rest, adopted_top, adopted_rest = top_decile(score, toa, never=10)
    assert n == 4
    assert top == pytest.approx(2.5)
    assert rest == pytest.approx(10.0)
    assert (adopted_top, adopted_rest) == (1.0, 0.0)


def test_communities_where_score_or_toa_is_constant_are_not_counted():
    score = pd.Series([3.0, 2.0, 1.0, 1.0, 2.0, 3.0, 5.0, 5.0])
    toa = pd.Series([1, 2, 3, 1, 2, 3, 1, 2])
    village = pd.Series(["a", "a", "a", "b", "b", "b", "c", "c"])
    # a: higher score, earlier (rho -1); b: the reverse (rho +1); c: constant score.
    assert negative_communities(score, toa, village) == (1, 2)


def test_in_degree_rank_ties_count_as_any_of_their_positions():
    indegree = pd.Series({"p": 9, "q": 5, "r": 5, "s": 1})
    # q and r share positions 2-3; s is 4th.
    intervals = pd.DataFrame(
        {"rank_low": [1, 3, 1, 1], "rank_high": [1, 4, 1, 2]}, index=["p", "q", "r", "s"]
    )
    assert interval_coverage(intervals, indegree, top=4) == (2, 4)
    # Someone the ranking left out holds nothing.
    assert interval_coverage(intervals.drop(index="p"), indegree, top=1) == (0, 1)


def test_bootstrap_rhos_are_paired_and_reproducible():
    rng = np.random.default_rng(5)
    toa = pd.Series(rng.integers(1, 10, 200).astype(float))
    score = pd.Series(-toa + rng.normal(0, 3, 200))
    first = bootstrap_rhos({"a": score, "b": score * 2}, toa, replicates=50, seed=1)
    again = bootstrap_rhos({"a": score}, toa, replicates=50, seed=1)
    np.testing.assert_array_equal(first["a"], again["a"])
    np.testing.assert_allclose(first["a"], first["b"])  # same ranks, same resamples
    assert first["a"].std() > 0
    # A replicate is the Spearman rho of its resample.
    draws = np.random.default_rng(1).integers(0, 200, size=(50, 200))
    expected = spearmanr(score.to_numpy()[draws[0]], toa.to_numpy()[draws[0]])[0]
    assert first["a"][0] == pytest.approx(expected)


def test_baselines_of_a_three_person_village():
    roster = pd.DataFrame({"village": [1, 1, 1], "toa": [1, 2, 3]}, index=[10, 11, 12])
    noms = pd.DataFrame(
        {"chooser_id": [11, 12, 12, 10], "chosen_id": [10, 10, 10, 11], "relation": "r"}
    )
    b = baselines(roster, noms)
    assert b["indegree"].to_dict() == {10: 3, 11: 1, 12: 0}
    assert b["nominators"].to_dict() == {10: 2, 11: 1, 12: 0}
    assert b["pagerank"].sum() == pytest.approx(1.0)
    assert b["pagerank"].idxmax() == 10
