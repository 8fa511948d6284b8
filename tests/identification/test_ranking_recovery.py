"""Recovery of planted influencers from a synthetic market, against plain mention counting."""

from bench.synthetic_market import STAGE_WEIGHTS, generate_market
from identification.ranking import RankingParams, rank


def test_engine_recovers_planted_influencers_and_beats_mention_counting():
    mentions, respondents, planted = generate_market(respondents=200, planted=10, seed=7)
    result = rank(mentions, respondents, RankingParams(stage_weights=STAGE_WEIGHTS))
    engine_top = set(result.entries.influencer.head(10))
    counted = mentions.groupby("influencer").size().sort_values(ascending=False, kind="stable")
    counting_top = set(counted.index[:10])
    engine_hits = len(engine_top & set(planted))
    counting_hits = len(counting_top & set(planted))
    print(f"planted recovered in top 10: engine {engine_hits}/10, counting {counting_hits}/10")
    assert engine_hits >= 9
    assert engine_hits > counting_hits


def test_planted_influencers_are_confidently_in_the_top_n():
    mentions, respondents, planted = generate_market(respondents=200, planted=10, seed=7)
    params = RankingParams(stage_weights=STAGE_WEIGHTS, top_n=15)
    entries = rank(mentions, respondents, params).entries.set_index("influencer")
    assert (entries.loc[planted, "top_n_share"] >= 0.9).all()
    assert (entries.loc[planted, "rank_low"] <= entries.loc[planted, "rank"]).all()
    assert (entries.loc[planted, "rank"] <= entries.loc[planted, "rank_high"]).all()
