"""Recognising a survey tool's export from the file itself, and how its header is laid out.

Each tool writes its header its own way (surveys/MAPPING.md, "Survey tools' exports"):

- Qualtrics (CSV and XLSX): three header rows — column names (`Q1`, `Q3_1`…), question
  texts, and `{"ImportId": …}` JSON; respondents start on row 4.
- SurveyMonkey: two header rows — the question (over the first of its columns only), then
  the answer option (`Response`, `Open-Ended Response`, or the option's own label).
- Google Forms: one header row, the question texts after a `Timestamp` column.
- Microsoft Forms: one header row — `ID`, `Start time`, `Completion time`, `Email`, `Name`,
  then the question texts.
- KoboToolbox (XLSForm): one header row of questions, named by their group path
  (`group_x/question`) or by their label, with Kobo's own `_id`, `_uuid`,
  `_submission_time`… columns, and on some exports a second row of HXL `#hashtags`.

Anything else is a plain table with its column names on row 1.
"""

import datetime as dt
from collections.abc import Callable

import pandas as pd

from surveys.imports.exports.google_forms import GOOGLE_RESPONSE_ID, google_forms
from surveys.imports.exports.kobo import kobo
from surveys.imports.exports.layout import Export, cells
from surveys.imports.exports.microsoft_forms import microsoft_forms
from surveys.imports.exports.qualtrics import qualtrics
from surveys.imports.exports.surveymonkey import surveymonkey

__all__ = ["GOOGLE_RESPONSE_ID", "Export", "apply_export", "detect_export"]

DETECTORS: tuple[Callable[[pd.DataFrame], Export | None], ...] = (
    qualtrics,
    surveymonkey,
    google_forms,
    microsoft_forms,
    kobo,
)


def detect_export(raw: pd.DataFrame) -> Export:
    """The layout of a file read without a header (every cell a string, "" when blank)."""
    for detect in DETECTORS:
        found = detect(raw)
        if found is not None:
            return found
    return Export(columns=tuple(cells(raw, 0)))


def _parse_timestamp(value: str, formats: tuple[str, ...]) -> str:
    text = value.split(" GMT")[0].strip()
    for fmt in formats:
        try:
            return dt.datetime.strptime(text, fmt).isoformat(sep=" ")
        except ValueError:
            continue
    return value  # left as written: the date check reports it with its row


def apply_export(frame: pd.DataFrame, export: Export) -> pd.DataFrame:
    """Read the tool's timestamps as ISO dates and add the columns it lacks."""
    for column, formats in export.dates.items():
        converted = {v: _parse_timestamp(v, formats) if v else v for v in frame[column].unique()}
        frame[column] = frame[column].map(converted)
    for column, source in export.derived.items():
        frame[column] = frame[source]
    return frame
