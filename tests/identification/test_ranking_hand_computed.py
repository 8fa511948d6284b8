"""A study small enough to rank by hand: 3 buyers, 3 influencers, one of them interviewed.

The expected scores are computed here from the definition of personalised PageRank
(Google matrix, dangling nodes restart like everyone else), independently of the engine.
A score is the influence that reaches an influencer along the edges naming them,
``alpha * sum_j x_j P_ji``: an interviewed influencer's own restart is not in it.
"""

import math

import numpy as np
import pytest

from identification.ranking import RankingParams, rank
from identification.ranking.frames import mentions_frame, respondents_frame

CAP = 8.0
ALPHA = 0.85
PARAMS = RankingParams(stage_weights={"selection": 2.0}, replicates=0, tol=1e-14)


def capped(total):
    return CAP * (1 - math.exp(-total / CAP))


def study():
    mentions = mentions_frame(
        [
            # r1: decisive at selection (2 x 4) for A; minor + notable at scoping for B.
            {"respondent": "r1", "influencer": "A", "strength": "decisive"},
            {"respondent": "r1", "influencer": "B", "stage": "scoping", "strength": "minor"},
            {"respondent": "r1", "influencer": "B", "stage": "scoping", "strength": "notable"},
            {"respondent": "r2", "influencer": "A", "stage": "scoping"},
            {"respondent": "r3", "influencer": "B", "strength": "minor"},
            {"respondent": "r3", "influencer": "C", "stage": "scoping", "strength": "minor"},
            # A was interviewed too and names C: influence of an influencer.
            {"respondent": "A", "influencer": "C"},
        ]
    )
    respondents = respondents_frame(
        [
            {"respondent": "r1", "role": "decision_maker", "organization": "Acme"},
            {"respondent": "r2", "role": "user", "organization": "Acme"},
            {"respondent": "r3", "role": "procurement", "organization": "Beta"},
            {"respondent": "A", "role": "", "organization": ""},
        ]
    )
    return mentions, respondents


def expected_scores():
    nodes = ["r1", "r2", "r3", "A", "B", "C"]
    at = {n: i for i, n in enumerate(nodes)}
    w = np.zeros((6, 6))
    w[at["r1"], at["A"]] = capped(2 * 4)
    w[at["r1"], at["B"]] = capped(1 + 2)
    w[at["r2"], at["A"]] = capped(2)
    w[at["r3"], at["B"]] = capped(2 * 1)
    w[at["r3"], at["C"]] = capped(1)
    w[at["A"], at["C"]] = capped(2 * 2)
    out = w.sum(axis=1)
    dangling = out == 0
    p_matrix = np.divide(w, out[:, None], out=np.zeros_like(w), where=~dangling[:, None])
    restart = np.array([1.0, 0.5, 0.6, 0.5, 0.0, 0.0])
    restart /= restart.sum()
    # Google matrix: dangling rows jump along the restart vector, then damping.
    google = ALPHA * (p_matrix + np.outer(dangling, restart)) + (1 - ALPHA) * np.outer(
        np.ones(6), restart
    )
    # Stationary x = x G with sum(x) = 1, as one linear system.
    system = np.vstack([(google.T - np.eye(6)), np.ones(6)])
    x, *_ = np.linalg.lstsq(system, np.r_[np.zeros(6), 1.0], rcond=None)
    # Received along named edges only: A's restart (and the teleports) are not credit to A.
    received = ALPHA * (x @ p_matrix)[3:]
    influencers = received / received.sum()
    return dict(zip(["A", "B", "C"], influencers, strict=True))


def test_scores_match_pagerank_worked_out_by_hand():
    result = rank(*study(), PARAMS)
    scores = dict(zip(result.entries.influencer, result.entries.score, strict=True))
    for key, value in expected_scores().items():
        assert scores[key] == pytest.approx(value, abs=1e-9)
    assert list(result.entries["rank"]) == [1, 2, 3]


def test_closed_form_of_the_influencer_block():
    # y = p (I - aP)^-1 by hand: A and B only receive from buyers, C also from A.
    p1, p2, p3, pa = 1.0, 0.5, 0.6, 0.5
    out1 = capped(8) + capped(3)
    out3 = capped(2) + capped(1)
    # A's own interview weight pa flows on to C, whom A names, but is not A's score.
    y_a = ALPHA * (p1 * capped(8) / out1 + p2)
    y_b = ALPHA * (p1 * capped(3) / out1 + p3 * capped(2) / out3)
    y_c = ALPHA * (p3 * capped(1) / out3 + pa + y_a)
    total = y_a + y_b + y_c
    result = rank(*study(), PARAMS)
    scores = dict(zip(result.entries.influencer, result.entries.score, strict=True))
    assert scores["A"] == pytest.approx(y_a / total, abs=1e-9)
    assert scores["B"] == pytest.approx(y_b / total, abs=1e-9)
    assert scores["C"] == pytest.approx(y_c / total, abs=1e-9)


def test_descriptive_columns_of_the_small_study():
    entries = rank(*study(), PARAMS).entries.set_index("influencer")
    assert entries.loc["B", "weighted_mentions"] == pytest.approx(capped(3) + capped(2))
    assert entries.loc["B", "mention_count"] == 3
    assert entries.loc["A", "reach_respondents"] == 2
    assert entries.loc["A", "reach_organizations"] == 1  # r1 and r2 are both Acme
    assert entries.loc["C", "reach_organizations"] == 1  # A has no organization
    assert entries.loc["C", "reach_respondents"] == 2


def test_explanation_splits_inflow_by_stage_role_and_organization():
    result = rank(*study(), PARAMS)
    b = result.explanations["B"]
    # Inflow into B: from r1 (scoping) and from r3 (selection).
    p1, p3 = 1.0, 0.6
    from_r1 = p1 * capped(3) / (capped(8) + capped(3))
    from_r3 = p3 * capped(2) / (capped(2) + capped(1))
    assert b.by_stage["scoping"] == pytest.approx(from_r1 / (from_r1 + from_r3))
    assert b.by_role["procurement"] == pytest.approx(from_r3 / (from_r1 + from_r3))
    assert b.by_organization["Acme"] == pytest.approx(from_r1 / (from_r1 + from_r3))
    assert result.explanations["C"].by_role[""] > 0  # credit arriving through A
