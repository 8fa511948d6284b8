"""A score is influence received from others: a peer's own interview is not credit to them.

Worked out by hand. Buyers b1 and b2 and the peer (a buyer who is also named) all weigh
1 (decision-makers); damping a = 0.85, stage weights 1, no decay.

- b1 names the analyst (notable, selection) and the peer (notable, scoping): half each.
- b2 names the analyst (notable, selection).
- The peer names the blogger (minor, selection): the peer's whole value flows there.

Received: analyst a(1/2 + 1) = 1.275, peer a/2 = 0.425, blogger a(1 + 0.425) = 1.21125
(the peer's interview is evidence about the blogger, so the peer's own weight 1 reaches
the blogger). Counting the peer's own weight as theirs would give the peer 1.425, first.
"""

import pytest

from identification.ranking import RankingParams, rank
from identification.ranking.frames import mentions_frame, respondents_frame

A = 0.85
PARAMS = RankingParams(replicates=0, tol=1e-14)


def study():
    mentions = mentions_frame(
        [
            {"respondent": "b1", "influencer": "analyst"},
            {"respondent": "b1", "influencer": "peer", "stage": "scoping"},
            {"respondent": "b2", "influencer": "analyst"},
            {"respondent": "peer", "influencer": "blogger", "strength": "minor"},
        ]
    )
    return mentions, respondents_frame(["b1", "b2", "peer"])


def test_the_peer_would_rank_first_on_their_own_interview_but_does_not():
    analyst, peer, blogger = A * 1.5, A * 0.5, A * (1 + A * 0.5)
    own_interview = 1.0
    assert peer + own_interview > analyst > blogger  # the self-credited order
    entries = rank(*study(), PARAMS).entries.set_index("influencer")
    total = analyst + peer + blogger
    assert entries.loc["analyst", "score"] == pytest.approx(analyst / total, abs=1e-12)
    assert entries.loc["blogger", "score"] == pytest.approx(blogger / total, abs=1e-12)
    assert entries.loc["peer", "score"] == pytest.approx(peer / total, abs=1e-12)
    assert entries["rank"].to_dict() == {"analyst": 1, "blogger": 2, "peer": 3}


def test_stage_scores_leave_the_own_interview_out_as_the_explanations_do():
    result = rank(*study(), PARAMS)
    stage_scores = result.entries.set_index("influencer")["stage_scores"].to_dict()
    # Selection alone: b1 gives the analyst everything, b2 too; the peer's weight goes on
    # to the blogger. Nobody names the peer at selection, so the peer has no score there.
    assert stage_scores["analyst"] == pytest.approx({"selection": 2 * A / (3 * A)})
    assert stage_scores["blogger"] == pytest.approx({"selection": A / (3 * A)})
    assert stage_scores["peer"] == pytest.approx({"scoping": 1.0})
    for key, explanation in result.explanations.items():
        assert set(stage_scores[key]) == set(explanation.by_stage), key
    assert result.explanations["peer"].by_stage == {"scoping": 1.0}


def test_bootstrap_never_ranks_the_peer_first_on_their_own_weight():
    # In a replicate drawing b1, b2 and the peer c1, c2 and cp times, the peer receives
    # a c1/2 and the analyst a (c1/2 + c2): never less, and a tie goes to the analyst's
    # key. Self-credit would put the peer first whenever cp > 0.85 c2.
    params = RankingParams(replicates=200, seed=0, top_n=1)
    entries = rank(*study(), params).entries.set_index("influencer")
    assert entries.loc["peer", "top_n_share"] == 0.0
    assert entries.loc["peer", "rank_low"] >= 2
    assert entries.loc["analyst", "top_n_share"] > 0
    assert entries.loc["blogger", "top_n_share"] > 0


def test_without_second_hand_influence_only_direct_mentions_count():
    # Damping 0: each respondent's weight is split over whom they name, and what the peer
    # received goes no further. The peer's own weight still reaches the blogger.
    params = RankingParams(replicates=0, damping=0.0)
    entries = rank(*study(), params).entries.set_index("influencer")
    assert entries["score"].to_dict() == pytest.approx(
        {"analyst": 1.5 / 3, "blogger": 1.0 / 3, "peer": 0.5 / 3}, abs=1e-12
    )
