"""Checks the evidence frames and encodes them as integer arrays for the numeric code."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from identification.ranking.params import CHANNELS, DIRECTIONS, ONLINE_CHANNELS, RankingParams

MENTION_COLUMNS = (
    "evidence",
    "respondent",
    "influencer",
    "stage",
    "strength",
    "direction",
    "channel",
    "collected_on",
    "quote",
    "mention",
)
RESPONDENT_COLUMNS = ("respondent", "role", "organization", "deal_size")


@dataclass(frozen=True)
class Encoded:
    """The evidence as arrays. Nodes ``0..I-1`` are influencers (sorted by key), then
    the respondents who are not influencers; per-mention arrays are prefixed ``m_``."""

    influencer_keys: np.ndarray
    node_count: int
    respondent_keys: np.ndarray
    respondent_node: np.ndarray
    respondent_role: np.ndarray
    respondent_org: np.ndarray
    respondent_deal: np.ndarray
    stage_names: np.ndarray
    m_respondent: np.ndarray
    m_src: np.ndarray
    m_dst: np.ndarray
    m_stage: np.ndarray
    m_strength: np.ndarray
    m_direction: np.ndarray
    m_channel: np.ndarray
    m_online: np.ndarray
    m_age_days: np.ndarray
    m_mention: np.ndarray
    m_quote: np.ndarray

    @property
    def influencer_count(self) -> int:
        return len(self.influencer_keys)

    @property
    def mention_count(self) -> int:
        return len(self.m_dst)


def require_columns(frame: pd.DataFrame, columns: tuple[str, ...], name: str) -> None:
    """Raise ValueError naming the columns of ``columns`` that ``frame`` lacks."""
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{name} frame lacks columns {missing}")


def _keys(series: pd.Series, what: str) -> np.ndarray:
    if series.isna().any():
        raise ValueError(f"{what} has missing keys")
    values = series.astype(str).to_numpy(dtype=object)
    if (values == "").any():
        raise ValueError(f"{what} has empty keys")
    return values


def _text(series: pd.Series) -> np.ndarray:
    return series.fillna("").astype(str).to_numpy(dtype=object)


def _check_vocabulary(values: np.ndarray, allowed, what: str) -> None:
    unknown = sorted(set(pd.unique(values)) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {unknown[:5]}; expected one of {sorted(allowed)}")


def _ages_in_days(collected: pd.Series, as_of: date | None) -> np.ndarray:
    stamps = pd.to_datetime(collected)
    if stamps.isna().any():
        raise ValueError("mentions.collected_on has missing dates")
    if stamps.dt.tz is not None:
        stamps = stamps.dt.tz_convert("UTC").dt.tz_localize(None)
    reference = stamps.max() if as_of is None else pd.Timestamp(as_of)
    days = (reference - stamps).dt.total_seconds().to_numpy(dtype=float) / 86400.0
    # Evidence dated after as_of is treated as current, not as more than fresh.
    return np.maximum(days, 0.0)


def encode(mentions: pd.DataFrame, respondents: pd.DataFrame, params: RankingParams) -> Encoded:
    """Validate both frames and encode them; raises ValueError with the first problem found.

    A respondent naming themselves is dropped: it says nothing about influence on others.
    """
    require_columns(mentions, MENTION_COLUMNS, "mentions")
    require_columns(respondents, RESPONDENT_COLUMNS, "respondents")

    respondent_keys = _keys(respondents["respondent"], "respondents.respondent")
    if len(pd.unique(respondent_keys)) != len(respondent_keys):
        raise ValueError("respondents.respondent has duplicate keys")
    roles = _text(respondents["role"])
    _check_vocabulary(roles, params.role_weights, "respondent role")
    order = np.argsort(respondent_keys, kind="stable")
    respondent_keys = respondent_keys[order]
    roles = roles[order]
    orgs = _text(respondents["organization"])[order]
    deals = _text(respondents["deal_size"])[order]

    src_keys = _keys(mentions["respondent"], "mentions.respondent")
    dst_keys = _keys(mentions["influencer"], "mentions.influencer")
    strengths = _text(mentions["strength"])
    _check_vocabulary(strengths, params.strength_weights, "mention strength")
    directions = _text(mentions["direction"])
    _check_vocabulary(directions, DIRECTIONS, "mention direction")
    channels = _text(mentions["channel"])
    _check_vocabulary(channels, CHANNELS, "mention channel")
    ages = _ages_in_days(mentions["collected_on"], params.as_of)

    respondent_index = pd.Index(respondent_keys)
    m_respondent = respondent_index.get_indexer(src_keys)
    if (m_respondent < 0).any():
        absent = sorted(set(src_keys[m_respondent < 0]))[:5]
        raise ValueError(f"mentions name respondents missing from respondents: {absent}")

    keep = src_keys != dst_keys
    influencer_keys = np.sort(pd.unique(dst_keys[keep])).astype(object)
    influencer_index = pd.Index(influencer_keys)
    respondent_node = influencer_index.get_indexer(respondent_keys)
    pure = respondent_node < 0
    respondent_node[pure] = len(influencer_keys) + np.arange(int(pure.sum()))

    stage_codes, stage_names = pd.factorize(_text(mentions["stage"])[keep], sort=True)
    strength_codes = pd.Index(list(params.strength_weights)).get_indexer(strengths[keep])
    channel_codes = pd.Index(CHANNELS).get_indexer(channels[keep])
    m_respondent = m_respondent[keep]
    return Encoded(
        influencer_keys=influencer_keys,
        node_count=len(influencer_keys) + int(pure.sum()),
        respondent_keys=respondent_keys,
        respondent_node=respondent_node,
        respondent_role=roles,
        respondent_org=orgs,
        respondent_deal=deals,
        stage_names=np.asarray(stage_names, dtype=object),
        m_respondent=m_respondent,
        m_src=respondent_node[m_respondent],
        m_dst=influencer_index.get_indexer(dst_keys[keep]),
        m_stage=stage_codes,
        m_strength=strength_codes,
        m_direction=pd.Series(directions[keep]).map(DIRECTIONS).to_numpy(dtype=float),
        m_channel=channel_codes,
        m_online=np.isin(channel_codes, [CHANNELS.index(c) for c in ONLINE_CHANNELS]),
        m_age_days=ages[keep],
        m_mention=mentions["mention"].to_numpy()[keep],
        m_quote=_text(mentions["quote"])[keep],
    )
