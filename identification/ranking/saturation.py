"""Saturation: does each further piece of evidence still name new influencers?"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from identification.ranking.inputs import require_columns

WINDOW = 10
MAX_NEW_WHEN_SATURATED = 1
STILL_FINDING = "still finding new influencers"
NEARLY_SATURATED = "nearly saturated"
TOO_LITTLE = "too little evidence to judge"


@dataclass(frozen=True)
class Saturation:
    """Discovery curve and verdict.

    ``curve`` holds (evidence items so far, distinct influencers named so far) after each
    item in collection order. The rule: with at least ``WINDOW`` (10) items, the market
    is "nearly saturated" when the last 10 items added at most one new name, otherwise
    "still finding new influencers"; with fewer items, "too little evidence to judge".
    """

    curve: list[tuple[int, int]]
    new_in_last_10: int
    verdict: str
    saturated: bool


def saturation(evidence: pd.DataFrame) -> Saturation:
    """Discovery curve over ``evidence`` (columns evidence, collected_on, influencer; one
    row per mention, influencer NA for evidence that named nobody)."""
    require_columns(evidence, ("evidence", "collected_on", "influencer"), "evidence")
    if len(evidence) == 0:
        return Saturation([], 0, TOO_LITTLE, False)
    frame = pd.DataFrame(
        {
            "evidence": evidence["evidence"].to_numpy(),
            "collected_on": pd.to_datetime(evidence["collected_on"], utc=True),
            "influencer": evidence["influencer"].to_numpy(dtype=object),
        }
    )
    if frame["collected_on"].isna().any():
        raise ValueError("evidence.collected_on has missing dates")
    # An item's date is its earliest row's; items on the same day go in id order.
    first_date = frame.groupby("evidence")["collected_on"].transform("min")
    frame = frame.assign(first_date=first_date).sort_values(
        ["first_date", "evidence"], kind="stable"
    )
    position, items = pd.factorize(frame["evidence"], sort=False)
    named = frame["influencer"].notna().to_numpy()
    first_seen = pd.Series(position[named]).groupby(frame["influencer"].to_numpy()[named]).min()
    new_per_item = np.bincount(first_seen.to_numpy(), minlength=len(items))
    distinct = np.cumsum(new_per_item)
    curve = [(i + 1, int(d)) for i, d in enumerate(distinct)]
    n_items = len(items)
    new_last = int(distinct[-1] - (distinct[-WINDOW - 1] if n_items > WINDOW else 0))
    if n_items < WINDOW:
        return Saturation(curve, new_last, TOO_LITTLE, False)
    saturated = new_last <= MAX_NEW_WHEN_SATURATED
    return Saturation(curve, new_last, NEARLY_SATURATED if saturated else STILL_FINDING, saturated)
