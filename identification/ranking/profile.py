"""Per-influencer descriptive columns: volume, reach, channel mode and net direction."""

from __future__ import annotations

import numpy as np
import pandas as pd

from identification.ranking.inputs import Encoded
from identification.ranking.params import CHANNELS, RankingParams
from identification.ranking.weights import Edges


def _row_dicts(matrix: np.ndarray, labels) -> list[dict[str, float]]:
    return [{labels[j]: float(row[j]) for j in np.flatnonzero(row)} for row in matrix]


def influencer_profile(enc: Encoded, edges: Edges, params: RankingParams) -> pd.DataFrame:
    """One row per influencer (index = influencer index) with the non-score columns."""
    n_inf = enc.influencer_count
    dst = enc.m_dst
    # Summed per edge, not per mention, so rounding cannot push a pair past the cap.
    weighted = np.bincount(edges.dst, weights=edges.weight, minlength=n_inf)
    count = np.bincount(dst, minlength=n_inf)
    # Edges are distinct (respondent, influencer) pairs, so counting them counts respondents.
    reach = np.bincount(edges.dst, minlength=n_inf)

    # Distinct organizations of the naming respondents; "" (unknown) is not one.
    org_codes, org_names = pd.factorize(enc.respondent_org)
    n_org = max(len(org_names), 1)
    m_org = org_codes[enc.m_respondent]
    known = enc.respondent_org[enc.m_respondent] != ""
    pairs = np.unique(dst[known].astype(np.int64) * n_org + m_org[known])
    reach_orgs = np.bincount(pairs // n_org, minlength=n_inf)

    # Profiles use weighted mentions; an influencer whose weights are all zero (e.g. only
    # zero-weight stages) falls back to plain counts rather than an undefined profile.
    basis = np.where(weighted[dst] > 0, edges.mention_weight, 1.0)
    basis_total = np.bincount(dst, weights=basis, minlength=n_inf)
    n_ch = len(CHANNELS)
    by_channel = np.bincount(dst * n_ch + enc.m_channel, weights=basis, minlength=n_inf * n_ch)
    channel_share = by_channel.reshape(n_inf, n_ch) / basis_total[:, None]
    online = np.bincount(dst, weights=basis * enc.m_online, minlength=n_inf) / basis_total
    mode = np.where(
        online >= params.online_share_online,
        "online",
        np.where(online <= params.online_share_offline, "offline", "hybrid"),
    )
    direction = np.bincount(dst, weights=basis * enc.m_direction, minlength=n_inf) / basis_total
    direction = np.clip(direction, -1.0, 1.0)
    label = np.where(
        direction > params.direction_threshold,
        "advocate",
        np.where(direction < -params.direction_threshold, "detractor", "neutral"),
    )
    return pd.DataFrame(
        {
            "weighted_mentions": weighted,
            "mention_count": count,
            "reach_respondents": reach,
            "reach_organizations": reach_orgs,
            "channel_profile": _row_dicts(channel_share, CHANNELS),
            "online_share": online,
            "mode": mode.astype(object),
            "direction_score": direction,
            "direction": label.astype(object),
        }
    )
