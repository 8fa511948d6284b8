"""What the ranking does in situations an analyst would recognise."""

import json
import math
import subprocess
import sys
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from identification.ranking import RankingParams, rank, saturation
from identification.ranking.frames import mentions_frame, respondents_frame
from identification.ranking.result import ENTRY_COLUMNS

NO_BOOTSTRAP = RankingParams(replicates=0)


def ranked(rows, respondents, params=NO_BOOTSTRAP):
    return rank(mentions_frame(rows), respondents_frame(respondents), params)


def test_named_by_many_outranks_named_as_often_by_one_talkative_respondent():
    buyers = [f"b{i}" for i in range(5)]
    rows = [{"respondent": b, "influencer": "broad"} for b in buyers]
    rows += [{"respondent": "b0", "influencer": "echo"}] * 5
    entries = ranked(rows, buyers).entries.set_index("influencer")
    assert entries.loc["broad", "mention_count"] == entries.loc["echo", "mention_count"] == 5
    assert entries.loc["broad", "rank"] == 1
    assert entries.loc["broad", "score"] > 3 * entries.loc["echo", "score"]


def test_influencer_named_only_by_other_influencers_gets_credit():
    rows = [
        {"respondent": "b1", "influencer": "peer"},
        {"respondent": "b2", "influencer": "peer"},
        {"respondent": "peer", "influencer": "mentor"},
    ]
    respondents = ["b1", "b2", {"respondent": "peer", "role": ""}]
    result = ranked(rows, respondents)
    entries = result.entries.set_index("influencer")
    assert entries.loc["mentor", "score"] > 0
    assert entries.loc["mentor", "reach_respondents"] == 1
    assert result.explanations["mentor"].by_role == {"": 1.0}


def test_respondent_who_is_also_named_is_one_node_and_ranked():
    rows = [
        {"respondent": "b1", "influencer": "b2"},
        {"respondent": "b2", "influencer": "x"},
    ]
    result = ranked(rows, ["b1", "b2"])
    assert set(result.entries.influencer) == {"b2", "x"}
    assert result.respondent_count == 2
    assert result.influencer_count == 2


def test_detractor_is_ranked_by_influence_and_flagged():
    buyers = [f"b{i}" for i in range(4)]
    rows = [
        {"respondent": b, "influencer": "critic", "direction": "competitor", "strength": "decisive"}
        for b in buyers
    ]
    rows += [{"respondent": "b0", "influencer": "fan", "direction": "client", "strength": "minor"}]
    entries = ranked(rows, buyers).entries.set_index("influencer")
    assert entries.loc["critic", "rank"] == 1
    assert entries.loc["critic", "direction"] == "detractor"
    assert entries.loc["critic", "direction_score"] == pytest.approx(-1.0)
    assert entries.loc["fan", "direction"] == "advocate"


def test_mixed_directions_net_out_to_neutral():
    rows = [
        {"respondent": "b1", "influencer": "x", "direction": "client"},
        {"respondent": "b2", "influencer": "x", "direction": "competitor"},
    ]
    entries = ranked(rows, ["b1", "b2"]).entries
    assert entries.direction[0] == "neutral"
    assert entries.direction_score[0] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("channels", "mode"),
    [
        (["web", "social_media", "online_community"], "online"),
        (["in_person", "event", "publication"], "offline"),
        (["web", "in_person"], "hybrid"),
    ],
)
def test_mode_follows_the_share_of_online_channels(channels, mode):
    rows = [
        {"respondent": f"b{i}", "influencer": "x", "channel": c} for i, c in enumerate(channels)
    ]
    entries = ranked(rows, [f"b{i}" for i in range(len(channels))]).entries
    assert entries["mode"][0] == mode
    assert sum(entries.channel_profile[0].values()) == pytest.approx(1.0)


def test_mode_thresholds_are_parameters():
    rows = [{"respondent": "b", "influencer": "x", "channel": c} for c in ["web", "in_person"]]
    params = RankingParams(replicates=0, online_share_online=0.5)
    assert ranked(rows, ["b"], params).entries["mode"][0] == "online"


def test_recency_halves_a_mention_at_the_half_life():
    rows = [
        {"respondent": "b", "influencer": "old", "collected_on": date(2025, 1, 1)},
        {"respondent": "b", "influencer": "new", "collected_on": date(2026, 1, 1)},
    ]
    params = RankingParams(replicates=0, repeat_cap=1e9)
    entries = ranked(rows, ["b"], params).entries.set_index("influencer")
    assert entries.loc["old", "weighted_mentions"] == pytest.approx(
        entries.loc["new", "weighted_mentions"] / 2, rel=1e-6
    )
    assert entries.loc["new", "score"] == pytest.approx(2 / 3)


def test_decision_makers_weigh_more_than_users_and_deal_size_is_optional():
    rows = [
        {"respondent": "boss", "influencer": "x"},
        {"respondent": "clerk", "influencer": "y"},
    ]
    people = [
        {"respondent": "boss", "role": "decision_maker", "deal_size": "small"},
        {"respondent": "clerk", "role": "user", "deal_size": "enterprise"},
    ]
    plain = ranked(rows, people).entries
    assert list(plain.influencer) == ["x", "y"]
    assert plain.score[0] == pytest.approx(1.0 / 1.5)
    by_deal = RankingParams(replicates=0, deal_size_weights={"small": 1.0, "enterprise": 4.0})
    assert list(ranked(rows, people, by_deal).entries.influencer) == ["y", "x"]


def test_stage_scores_share_out_each_stage():
    rows = [
        {"respondent": "b1", "influencer": "x", "stage": "scoping"},
        {"respondent": "b1", "influencer": "y", "stage": "selection"},
        {"respondent": "b2", "influencer": "y", "stage": "scoping"},
    ]
    entries = ranked(rows, ["b1", "b2"]).entries.set_index("influencer")
    assert entries.loc["x", "stage_scores"] == {"scoping": pytest.approx(0.5)}
    assert entries.loc["y", "stage_scores"]["selection"] == pytest.approx(1.0)


def test_explanations_sum_to_one_and_quote_the_strongest_three():
    rows = [
        {"respondent": "b1", "influencer": "x", "strength": "minor", "quote": "weak"},
        {"respondent": "b2", "influencer": "x", "strength": "decisive", "quote": "strong"},
        {"respondent": "b3", "influencer": "x", "strength": "notable", "quote": "middle"},
        {"respondent": "b4", "influencer": "x", "strength": "notable", "quote": ""},
        {"respondent": "b5", "influencer": "x", "strength": "minor", "quote": "weakest"},
    ]
    people = [{"respondent": f"b{i}", "organization": f"org{i % 2}"} for i in range(1, 6)]
    people[4]["role"] = "user"
    explanation = ranked(rows, people).explanations["x"]
    assert [q[3] for q in explanation.quotes] == ["strong", "middle", "weak"]
    assert explanation.quotes[0] == ("b2", "selection", "decisive", "strong")
    for part in (explanation.by_stage, explanation.by_role, explanation.by_organization):
        assert sum(part.values()) == pytest.approx(1.0)


def test_bootstrap_gives_intervals_and_top_n_shares():
    buyers = [f"b{i}" for i in range(12)]
    rows = [{"respondent": b, "influencer": "star", "strength": "decisive"} for b in buyers]
    rows += [{"respondent": b, "influencer": f"tail{i % 3}"} for i, b in enumerate(buyers)]
    params = RankingParams(replicates=100, top_n=1, seed=3)
    entries = ranked(rows, buyers, params).entries.set_index("influencer")
    assert entries.loc["star", ["rank_low", "rank_high", "top_n_share"]].tolist() == [1, 1, 1.0]
    tails = entries.loc[["tail0", "tail1", "tail2"]]
    assert (tails.rank_low < tails.rank_high).all()
    assert (tails.top_n_share == 0).all()


def test_progress_is_reported_up_to_one_hundred():
    seen = []
    rank(
        mentions_frame([{"respondent": "b", "influencer": "x"}]),
        respondents_frame(["b"]),
        RankingParams(replicates=60),
        progress=seen.append,
    )
    assert seen == sorted(seen)
    assert seen[-1] == 100
    assert 3 <= len(seen) <= 12


def test_no_mentions_gives_an_empty_result():
    result = rank(mentions_frame([]), respondents_frame(["b"]))
    assert list(result.entries.columns) == list(ENTRY_COLUMNS)
    assert result.entries.empty
    assert result.explanations == {}
    assert result.mention_count == 0


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ([{"respondent": "b", "influencer": "x", "strength": "huge"}], "unknown mention strength"),
        ([{"respondent": "b", "influencer": "x", "channel": "fax"}], "unknown mention channel"),
        ([{"respondent": "ghost", "influencer": "x"}], "missing from respondents"),
        ([{"respondent": "b", "influencer": None}], "missing keys"),
    ],
)
def test_invalid_evidence_is_rejected_with_a_clear_message(rows, message):
    with pytest.raises(ValueError, match=message):
        rank(mentions_frame(rows), respondents_frame(["b"]))


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"stage_weights": {"selection": math.nan}}, "finite number"),
        ({"role_weights": {"decision_maker": -1.0}}, "finite number"),
        ({"strength_weights": {"minor": 1.0}}, "strength_weights lacks"),
        ({"damping": 1.0}, "damping"),
        ({"online_share_offline": 0.8}, "online_share_offline"),
    ],
)
def test_invalid_parameters_are_rejected(bad, message):
    with pytest.raises(ValueError, match=message):
        RankingParams(**bad)


def test_unknown_role_is_rejected():
    with pytest.raises(ValueError, match="unknown respondent role"):
        ranked([{"respondent": "b", "influencer": "x"}], [{"respondent": "b", "role": "ceo"}])


def test_params_survive_a_json_round_trip():
    params = RankingParams(
        stage_weights={"selection": 2.0},
        deal_size_weights={"large": 1.5},
        as_of=date(2026, 3, 1),
        seed=42,
    )
    restored = RankingParams.from_dict(json.loads(json.dumps(params.to_dict())))
    assert restored == params
    with pytest.raises(ValueError, match="unknown ranking parameters"):
        RankingParams.from_dict({"dampening": 0.5})


def evidence(items):
    """One row per (evidence id, influencer or None), a day apart."""
    rows = [
        {
            "evidence": e,
            "collected_on": pd.Timestamp("2026-01-01") + pd.Timedelta(days=e),
            "influencer": i,
        }
        for e, names in enumerate(items, start=1)
        for i in (names or [None])
    ]
    return pd.DataFrame(rows, columns=["evidence", "collected_on", "influencer"])


def test_saturation_while_every_interview_brings_new_names():
    result = saturation(evidence([[f"n{i}", "common"] for i in range(20)]))
    assert result.verdict == "still finding new influencers"
    assert not result.saturated
    assert result.new_in_last_10 == 10
    assert result.curve[:3] == [(1, 2), (2, 3), (3, 4)]


def test_saturation_once_the_last_ten_add_at_most_one_name():
    items = [[f"n{i}"] for i in range(5)] + [["n0", "n1"]] * 9 + [["late"]] + [None] * 3
    result = saturation(evidence(items))
    assert result.new_in_last_10 == 1
    assert result.verdict == "nearly saturated"
    assert result.saturated
    assert result.curve[-1] == (18, 6)


def test_saturation_orders_by_date_not_by_row_order():
    frame = evidence([[f"n{i}"] for i in range(12)]).iloc[::-1]
    curve = saturation(frame).curve
    assert curve == [(i, i) for i in range(1, 13)]


def test_saturation_needs_ten_items_to_judge():
    assert saturation(evidence([["a"], ["a"]])).verdict == "too little evidence to judge"
    assert saturation(evidence([])).curve == []


def test_the_engine_imports_no_django():
    code = (
        "import sys, identification.ranking, identification.ranking.graph; "
        "sys.exit(any(m.split('.')[0] == 'django' for m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], cwd=root, check=True)
