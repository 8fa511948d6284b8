"""What a ranking run returns."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import pandas as pd

# Column -> dtype of RankingResult.entries ("object" columns hold dicts).
ENTRY_DTYPES = {
    "influencer": "str",
    "rank": "int64",
    "score": "float64",
    "weighted_mentions": "float64",
    "mention_count": "int64",
    "reach_respondents": "int64",
    "reach_organizations": "int64",
    "stage_scores": "object",
    "channel_profile": "object",
    "online_share": "float64",
    "mode": "str",
    "direction_score": "float64",
    "direction": "str",
    "rank_low": "int64",
    "rank_high": "int64",
    "top_n_share": "float64",
}
ENTRY_COLUMNS = tuple(ENTRY_DTYPES)


@dataclass(frozen=True)
class Explanation:
    """Where one influencer's score comes from: shares of the inflow into them.

    Shares cover the influence that reaches them along named edges (their own restart
    mass as an interviewed respondent is not evidence about them, so it is left out).
    ``quotes`` holds up to three (respondent, stage, strength, quote) tuples, the
    mentions with the highest edge weight first.
    """

    by_stage: Mapping[str, float] = field(default_factory=dict)
    by_role: Mapping[str, float] = field(default_factory=dict)
    by_organization: Mapping[str, float] = field(default_factory=dict)
    quotes: list[tuple[str, str, str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class RankingResult:
    """Ranked entries (one row per influencer, see ENTRY_COLUMNS) and run metadata."""

    entries: pd.DataFrame
    explanations: Mapping[str, Explanation]
    iterations: int
    timings: Mapping[str, float]
    respondent_count: int
    influencer_count: int
    mention_count: int


def empty_entries() -> pd.DataFrame:
    """The entries frame of a run with no mentions: right columns, no rows."""
    return pd.DataFrame(
        {column: pd.Series([], dtype=dtype) for column, dtype in ENTRY_DTYPES.items()}
    )
