"""What a survey tool's export looks like: the layout a detector finds, and the small
helpers the detectors share."""

import re
from dataclasses import dataclass, field

import pandas as pd

from identification.models import normalize_name


@dataclass(frozen=True)
class Export:
    """How a file's header is laid out, and what its tool says about its columns."""

    tool: str = ""  # "" for a plain table
    label: str = ""
    header_rows: int = 1  # the file's rows above the first respondent
    columns: tuple[str, ...] = ()
    # column → the question as the respondent read it, where the tool gives it
    questions: dict[str, str] = field(default_factory=dict)
    # the tool's own columns (ids, times, …): mapped from `known` only, never guessed
    metadata: frozenset[str] = frozenset()
    known: dict[str, str] = field(default_factory=dict)  # column → our field
    # column → the formats (strptime) its tool writes dates in; read into ISO dates
    dates: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # a column the tool lacks, made from another: new column → source column
    derived: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """What the preview says about the file's layout ("" for a plain table)."""
        return " ".join(self.notes)


def rows_skipped(n: int, what: str) -> str:
    return f"{n} header row{'s' if n != 1 else ''} skipped ({what})."


def key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalize_name(text)).split())


def cells(raw: pd.DataFrame, row: int) -> list[str]:
    return raw.iloc[row].tolist() if len(raw) > row else []
