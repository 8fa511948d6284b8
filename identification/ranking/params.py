"""Ranking parameters and the vocabularies the engine accepts."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from types import MappingProxyType
from typing import Any

STRENGTHS = ("minor", "notable", "decisive")
DIRECTIONS = MappingProxyType({"client": 1.0, "neutral": 0.0, "competitor": -1.0})
CHANNELS = (
    "in_person",
    "phone_email",
    "event",
    "publication",
    "social_media",
    "online_community",
    "web",
)
# "publication" stays offline: reports and articles reach buyers in print and PDF as
# often as on the web, so only channels that exist only online count towards "online".
ONLINE_CHANNELS = frozenset({"social_media", "online_community", "web"})

DEFAULT_STRENGTH_WEIGHTS = MappingProxyType({"minor": 1.0, "notable": 2.0, "decisive": 4.0})
DEFAULT_ROLE_WEIGHTS = MappingProxyType(
    {
        "decision_maker": 1.0,
        "buying_influencer": 0.8,
        "procurement": 0.6,
        "gatekeeper": 0.5,
        "user": 0.5,
        # An interviewed influencer with no buyer record of their own.
        "": 0.5,
    }
)

# Damping: the weight of second-hand influence (what reaches someone through the people
# they influence) against first-hand mentions; chosen on the diffusion data of
# docs/validation.json (bench/validate.py --sweep).
DEFAULT_DAMPING = 0.85

_MAPPING_FIELDS = ("stage_weights", "strength_weights", "role_weights", "deal_size_weights")


def _frozen(mapping: Mapping[str, float] | None) -> Mapping[str, float] | None:
    if mapping is None:
        return None
    return MappingProxyType({str(k): float(v) for k, v in mapping.items()})


@dataclass(frozen=True)
class RankingParams:
    """Everything a ranking run depends on besides the evidence itself.

    ``repeat_cap`` bounds what one respondent can give one influencer: repeated
    mentions add up to ``s`` and the edge carries ``cap * (1 - exp(-s / cap))``,
    which grows with every mention but never reaches the cap. The default cap is
    twice a decisive mention, so one talkative respondent is worth at most about
    two decisive mentions.
    """

    # Stage name -> weight; a stage that is not listed weighs 1.0 (a study sets these).
    stage_weights: Mapping[str, float] = field(default_factory=dict)
    strength_weights: Mapping[str, float] = field(
        default_factory=lambda: dict(DEFAULT_STRENGTH_WEIGHTS)
    )
    role_weights: Mapping[str, float] = field(default_factory=lambda: dict(DEFAULT_ROLE_WEIGHTS))
    # None ignores deal size; otherwise band -> weight, a band not listed (or "") weighs 1.0.
    deal_size_weights: Mapping[str, float] | None = None
    half_life_days: float = 365.0
    # None = the latest collected_on in the evidence, so a rerun on the same data agrees.
    as_of: date | None = None
    repeat_cap: float = 8.0
    damping: float = DEFAULT_DAMPING
    # Absolute L1 change of the influencer score shares between two iterations.
    tol: float = 1e-10
    max_iter: int = 1000
    online_share_online: float = 0.6
    online_share_offline: float = 0.3
    # |direction score| below this is "neutral".
    direction_threshold: float = 0.2
    # Bootstrap replicates; 0 skips the bootstrap (intervals collapse onto the rank).
    replicates: int = 200
    seed: int = 0
    top_n: int = 50

    def __post_init__(self) -> None:
        # Read-only mappings: a params object is shared by a run and its stored snapshot.
        for name in _MAPPING_FIELDS:
            object.__setattr__(self, name, _frozen(getattr(self, name)))
        self._check()

    def _check(self) -> None:
        self._check_weights()
        self._check_positive()
        self._check_fractions()
        self._check_counts()

    def _check_weights(self) -> None:
        for name in _MAPPING_FIELDS:
            for key, value in (getattr(self, name) or {}).items():
                if not math.isfinite(value) or value < 0:
                    raise ValueError(f"{name}[{key!r}] must be a finite number >= 0, got {value}")
        missing = [s for s in STRENGTHS if s not in self.strength_weights]
        if missing:
            raise ValueError(f"strength_weights lacks {missing}")

    def _check_positive(self) -> None:
        for name in ("half_life_days", "repeat_cap", "tol"):
            value = getattr(self, name)
            if not (math.isfinite(value) and value > 0):
                raise ValueError(f"{name} must be a finite number > 0, got {value}")

    def _check_fractions(self) -> None:
        if not 0 <= self.damping < 1:
            raise ValueError(f"damping must be in [0, 1), got {self.damping}")
        if not 0 <= self.online_share_offline <= self.online_share_online <= 1:
            raise ValueError("need 0 <= online_share_offline <= online_share_online <= 1")
        if not 0 <= self.direction_threshold < 1:
            raise ValueError("direction_threshold must be in [0, 1)")

    def _check_counts(self) -> None:
        if self.max_iter < 1 or self.replicates < 0 or self.top_n < 1:
            raise ValueError("max_iter and top_n must be >= 1 and replicates >= 0")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready snapshot of these parameters."""
        out: dict[str, Any] = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Mapping):
                value = dict(value)
            elif isinstance(value, date):
                value = value.isoformat()
            out[f.name] = value
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RankingParams:
        """Rebuild parameters from :meth:`to_dict` output; unknown keys are an error."""
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown ranking parameters: {sorted(unknown)}")
        values = dict(data)
        if isinstance(values.get("as_of"), str):
            values["as_of"] = date.fromisoformat(values["as_of"])
        return cls(**values)
