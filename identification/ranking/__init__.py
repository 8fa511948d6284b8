"""The ranking engine: plain Python over pandas, numpy and scipy; no Django here.

Frames of mentions and respondents go in; a frozen RankingResult comes out. See
DESIGN.md, "The ranking, in words", and engine.rank for the entry point.
"""

from identification.ranking.engine import rank
from identification.ranking.params import (
    CHANNELS,
    DEFAULT_ROLE_WEIGHTS,
    DEFAULT_STRENGTH_WEIGHTS,
    ONLINE_CHANNELS,
    RankingParams,
)
from identification.ranking.result import ENTRY_COLUMNS, Explanation, RankingResult
from identification.ranking.saturation import Saturation, saturation

__all__ = [
    "CHANNELS",
    "DEFAULT_ROLE_WEIGHTS",
    "DEFAULT_STRENGTH_WEIGHTS",
    "ENTRY_COLUMNS",
    "ONLINE_CHANNELS",
    "Explanation",
    "RankingParams",
    "RankingResult",
    "Saturation",
    "rank",
    "saturation",
]
