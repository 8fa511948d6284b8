"""On the demo, the score, the per-stage scores and the intervals say what the explanations say.

The demo has two people who are both named and interviewed (Helen Marsh, a buyer, and
David Okafor, interviewed about who influences him). Their explanations count only what
other people's mentions bring them; their scores, stage scores and intervals must too.
"""

from dataclasses import replace

import numpy as np
import pytest

from identification.demo.seed import seed
from identification.ranking import rank
from identification.ranking.graph import received_shares, to_networkx
from identification.services.ranking_data import load_evidence
from identification.services.runs import ranking_params


@pytest.fixture
def demo(db):
    study = seed(compute=False).study
    data = load_evidence(study=study)
    params = ranking_params(study=study)
    return data, params, rank(data.mentions, data.respondents, params)


def interviewed_influencers(data, result):
    return sorted(set(data.respondents.respondent) & set(result.entries.influencer))


def test_the_demo_has_interviewed_influencers(demo):
    data, _, result = demo
    assert len(interviewed_influencers(data, result)) == 2


def test_scores_are_the_influence_received_as_networkx_computes_it(demo):
    data, params, result = demo
    expected = received_shares(to_networkx(data.mentions, data.respondents, params), params.damping)
    got = dict(zip(result.entries.influencer, result.entries.score, strict=True))
    assert set(got) == set(expected)
    assert max(abs(got[k] - expected[k]) for k in got) < 1e-8


def test_stage_scores_are_the_influence_received_on_that_stages_mentions(demo):
    data, params, result = demo
    stage_scores = result.entries.set_index("influencer")["stage_scores"].to_dict()
    # Recency counts back from the latest evidence of the whole study, not of one stage.
    params = replace(params, as_of=data.mentions.collected_on.max().date())
    for stage, part in data.mentions.groupby("stage"):
        graph = to_networkx(part, data.respondents, params)
        expected = {k: v for k, v in received_shares(graph, params.damping).items() if v > 0}
        got = {k: s[stage] for k, s in stage_scores.items() if stage in s}
        assert set(got) == set(expected), stage
        assert max(abs(got[k] - expected[k]) for k in got) < 1e-8, stage


def test_stage_scores_cover_exactly_the_stages_of_the_explanation(demo):
    data, _, result = demo
    stage_scores = result.entries.set_index("influencer")["stage_scores"].to_dict()
    for key, explanation in result.explanations.items():
        assert set(stage_scores[key]) == set(explanation.by_stage), key
    for key in interviewed_influencers(data, result):
        # Interviewed in one evidence item, named at fewer stages than the study has.
        assert len(stage_scores[key]) < data.mentions.stage.nunique(), key


def test_a_replicate_drawing_everyone_once_gives_the_published_ranks(demo, monkeypatch):
    """The bootstrap scores a replicate as the ranking does: with each respondent drawn
    exactly once, every replicate is the evidence itself and every interval is the rank."""
    data, params, _ = demo
    real = np.random.default_rng

    class EveryoneOnce:
        def __init__(self, seed):
            self.generator = real(seed)

        def integers(self, low, high, size):
            return np.broadcast_to(np.arange(low, high), size).copy()

    monkeypatch.setattr(np.random, "default_rng", EveryoneOnce)
    entries = rank(data.mentions, data.respondents, params).entries
    assert (entries.rank_low == entries["rank"]).all()
    assert (entries.rank_high == entries["rank"]).all()
    assert (entries.top_n_share == (entries["rank"] <= params.top_n)).all()


def test_interviewed_influencers_intervals_hold_their_rank(demo):
    data, _, result = demo
    entries = result.entries.set_index("influencer")
    for key in interviewed_influencers(data, result):
        row = entries.loc[key]
        assert row.rank_low <= row["rank"] <= row.rank_high, key
