"""A seeded synthetic B2B market with planted true influencers, for tests and benchmarks.

The planted influencers are named by many respondents, decisively, at the heavy late
stages. Noisemakers are the trap for plain mention counting: each is named over and over
by a couple of talkative fans, minor and early. Everyone else is a long tail of
background influencers. A few background influencers are interviewed too (snowball
respondents with role "") and name others, so the graph has influencer-of-influencer
edges. Everything is vectorised numpy, so a million mentions take about a second.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from identification.ranking import CHANNELS

STAGES = (
    "problem_identification",
    "decision_to_act",
    "solution_scoping",
    "supplier_shortlisting",
    "selection",
    "validation",
)
STAGE_WEIGHTS = {
    "problem_identification": 0.5,
    "decision_to_act": 1.0,
    "solution_scoping": 1.0,
    "supplier_shortlisting": 1.5,
    "selection": 2.0,
    "validation": 1.0,
}
ROLES = ("decision_maker", "buying_influencer", "user", "gatekeeper", "procurement")
ROLE_P = (0.3, 0.3, 0.2, 0.1, 0.1)
DEALS = ("small", "medium", "large", "enterprise")
PLANTED_SHARE = 0.3  # of an ordinary respondent's mentions
FANS_PER_NOISEMAKER = 2
TALK_PER_FAN = 30
START = np.datetime64("2024-01-01")
SPAN_DAYS = 730


def _keys(prefix: str, n: int) -> np.ndarray:
    return np.array([f"{prefix}{i:06d}" for i in range(n)], dtype=object)


def generate_market(
    respondents: int = 200,
    influencers: int | None = None,
    planted: int = 10,
    noisemakers: int | None = None,
    mentions_per_respondent: float = 10.0,
    seed: int = 0,
) -> tuple[pd.DataFrame, pd.DataFrame, list[str]]:
    """Return ``(mentions, respondents, planted_keys)`` in the engine's input format.

    ``influencers`` defaults to respondents // 2 (at least planted + noisemakers + 50);
    ``noisemakers`` defaults to ``planted``.
    """
    rng = np.random.default_rng(seed)
    noisemakers = planted if noisemakers is None else noisemakers
    n_inf = influencers or max(respondents // 2, planted + noisemakers + 50)
    n_bg = n_inf - planted - noisemakers
    if n_bg < 1:
        raise ValueError("need more influencers than planted + noisemakers")
    inf_keys = _keys("i", n_inf)
    planted_idx = np.arange(planted)
    noise_idx = planted + np.arange(noisemakers)
    bg_idx = planted + noisemakers + np.arange(n_bg)
    # A long but gentle tail: the most popular background name is a few times the least.
    bg_p = 1.0 / (np.arange(n_bg) + n_bg / 4)
    bg_p /= bg_p.sum()

    # Ordinary respondents, one interview (evidence item) each.
    resp_keys = _keys("r", respondents)
    n_peer = max(2, respondents // 50)
    peer_idx = bg_idx[rng.choice(n_bg, size=min(n_peer, n_bg), replace=False)]
    counts = np.maximum(1, rng.poisson(mentions_per_respondent, size=respondents))
    src = np.repeat(np.arange(respondents), counts)
    n = len(src)
    is_planted = rng.random(n) < PLANTED_SHARE
    dst = np.where(
        is_planted,
        rng.choice(planted_idx, size=n) if planted else 0,
        rng.choice(bg_idx, size=n, p=bg_p),
    )
    stage = np.where(is_planted, rng.choice([3, 4, 5], size=n), rng.choice(len(STAGES), size=n))
    strength = np.where(
        is_planted,
        rng.choice(["notable", "decisive"], size=n, p=[0.3, 0.7]),
        rng.choice(["minor", "notable"], size=n, p=[0.6, 0.4]),
    )
    direction = np.where(
        is_planted,
        rng.choice(["client", "competitor", "neutral"], size=n, p=[0.6, 0.2, 0.2]),
        rng.choice(["client", "competitor", "neutral"], size=n),
    )
    frames = [
        {
            "src": resp_keys[src],
            "dst": inf_keys[dst],
            "stage": stage,
            "strength": strength,
            "direction": direction,
            "channel": rng.choice(len(CHANNELS), size=n),
        }
    ]

    # Noisemakers: a few fans name them again and again, minor and early, on social media.
    if noisemakers:
        fans = rng.choice(respondents, size=(noisemakers, FANS_PER_NOISEMAKER))
        fan_src = np.repeat(fans.ravel(), TALK_PER_FAN)
        fan_dst = np.repeat(np.repeat(noise_idx, FANS_PER_NOISEMAKER), TALK_PER_FAN)
        k = len(fan_src)
        frames.append(
            {
                "src": resp_keys[fan_src],
                "dst": inf_keys[fan_dst],
                "stage": np.zeros(k, int),
                "strength": np.full(k, "minor", dtype=object),
                "direction": np.full(k, "neutral", dtype=object),
                "channel": np.full(k, CHANNELS.index("social_media")),
            }
        )

    # Snowball: interviewed background influencers name a few others, mostly planted.
    per_peer = 5
    peer_src = np.repeat(peer_idx, per_peer)
    k = len(peer_src)
    peer_dst = np.where(
        rng.random(k) < 0.6,
        rng.choice(planted_idx, size=k) if planted else 0,
        rng.choice(bg_idx, size=k, p=bg_p),
    )
    # A peer drawing themselves makes a self-mention, which the engine ignores.
    frames.append(
        {
            "src": inf_keys[peer_src],
            "dst": inf_keys[peer_dst],
            "stage": rng.choice(len(STAGES), k),
            "strength": rng.choice(["notable", "decisive"], size=k),
            "direction": rng.choice(["client", "neutral"], size=k),
            "channel": rng.choice(len(CHANNELS), size=k),
        }
    )

    parts = {key: np.concatenate([f[key] for f in frames]) for key in frames[0]}
    total = len(parts["src"])
    evidence_of = pd.factorize(parts["src"])[0] + 1
    day_of_evidence = rng.integers(0, SPAN_DAYS, size=evidence_of.max() + 1)
    quoted = rng.random(total) < 0.2
    mentions = pd.DataFrame(
        {
            "evidence": evidence_of,
            "respondent": parts["src"],
            "influencer": parts["dst"],
            "stage": np.asarray(STAGES, dtype=object)[parts["stage"]],
            "strength": parts["strength"].astype(object),
            "direction": parts["direction"].astype(object),
            "channel": np.asarray(CHANNELS, dtype=object)[parts["channel"]],
            "collected_on": START + day_of_evidence[evidence_of].astype("timedelta64[D]"),
            "quote": np.where(quoted, "They shaped our shortlist.", ""),
            "mention": np.arange(1, total + 1),
        }
    )
    organizations = _keys("o", max(1, respondents // 4))
    respondent_frame = pd.DataFrame(
        {
            "respondent": np.concatenate([resp_keys, inf_keys[peer_idx]]),
            "role": np.concatenate(
                [rng.choice(ROLES, size=respondents, p=ROLE_P), np.full(len(peer_idx), "")]
            ),
            "organization": np.concatenate(
                [rng.choice(organizations, size=respondents), np.full(len(peer_idx), "")]
            ),
            "deal_size": np.concatenate(
                [rng.choice(DEALS, size=respondents), np.full(len(peer_idx), "")]
            ),
        }
    )
    return mentions, respondent_frame, inf_keys[planted_idx].tolist()
