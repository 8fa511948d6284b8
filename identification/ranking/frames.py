"""Builders for the engine's input frames from plain rows, filling optional fields."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

import pandas as pd

from identification.ranking.inputs import MENTION_COLUMNS, RESPONDENT_COLUMNS

MENTION_DEFAULTS: Mapping[str, Any] = {
    "stage": "selection",
    "strength": "notable",
    "direction": "neutral",
    "channel": "in_person",
    "collected_on": date(2026, 1, 1),
    "quote": "",
}
RESPONDENT_DEFAULTS: Mapping[str, Any] = {
    "role": "decision_maker",
    "organization": "",
    "deal_size": "",
}


def mentions_frame(rows: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """Mentions from dicts needing only ``respondent`` and ``influencer``; ``mention``
    and ``evidence`` ids default to the row number (one evidence item per row)."""
    records = []
    for number, row in enumerate(rows, start=1):
        record = {**MENTION_DEFAULTS, "evidence": number, "mention": number, **row}
        records.append(record)
    frame = pd.DataFrame(records, columns=list(MENTION_COLUMNS))
    frame["collected_on"] = pd.to_datetime(frame["collected_on"])
    return frame


def respondents_frame(rows: Iterable[Mapping[str, Any] | str]) -> pd.DataFrame:
    """Respondents from dicts (or bare keys) needing only ``respondent``."""
    records = [
        {**RESPONDENT_DEFAULTS, **({"respondent": row} if isinstance(row, str) else row)}
        for row in rows
    ]
    return pd.DataFrame(records, columns=list(RESPONDENT_COLUMNS))
