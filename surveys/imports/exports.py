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
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pandas as pd

from identification.models import normalize_name

QUALTRICS, SURVEYMONKEY, GOOGLE_FORMS, MICROSOFT_FORMS, KOBO = (
    "qualtrics",
    "surveymonkey",
    "google_forms",
    "microsoft_forms",
    "kobo",
)
# The column that identifies a Google Forms response when the form collected no e-mail.
GOOGLE_RESPONSE_ID = "Response ID (from Timestamp)"


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


def _rows_skipped(n: int, what: str) -> str:
    return f"{n} header row{'s' if n != 1 else ''} skipped ({what})."


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalize_name(text)).split())


def _cells(raw: pd.DataFrame, row: int) -> list[str]:
    return raw.iloc[row].tolist() if len(raw) > row else []


def _is_import_id(cell: str) -> bool:
    if not cell.startswith("{"):
        return False
    try:
        value = json.loads(cell)
    except ValueError:
        return False
    return isinstance(value, dict) and "ImportId" in value


def _import_id_row(raw: pd.DataFrame) -> int | None:
    """The row (from 0) of Qualtrics' import ids: the third, or the second where the question
    texts were left out."""
    for row in (2, 1):
        ids = [c for c in _cells(raw, row) if c]
        if ids and sum(_is_import_id(c) for c in ids) * 2 >= len(ids):
            return row
    return None


def _qualtrics(raw: pd.DataFrame) -> Export | None:
    row = _import_id_row(raw)
    if row is None:
        return None
    names, ids = _cells(raw, 0), _cells(raw, row)
    texts = _cells(raw, 1) if row == 2 else [""] * len(names)
    # Questions have import ids QID…; everything else is Qualtrics' own data or embedded data.
    metadata = frozenset(
        n for n, c in zip(names, ids, strict=True) if not _import_id(c).startswith("QID")
    )
    date = "RecordedDate" if "RecordedDate" in names else "EndDate"
    skipped = "question texts, import ids" if row == 2 else "import ids"
    return Export(
        tool=QUALTRICS,
        label="Qualtrics",
        header_rows=row + 1,
        columns=tuple(names),
        questions={n: t for n, t in zip(names, texts, strict=True) if t and n not in metadata},
        metadata=metadata,
        known={c: f for c, f in (("ResponseId", "respondent_id"), (date, "date")) if c in names},
        notes=(f"Qualtrics export: {_rows_skipped(row, skipped)}",),
    )


def _import_id(cell: str) -> str:
    return str(json.loads(cell).get("ImportId", "")) if _is_import_id(cell) else ""


SURVEYMONKEY_METADATA = (
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
)
# The second header row's word for "the answer itself" (one column for the question).
SURVEYMONKEY_SINGLE = {"response", "open ended response"}
SURVEYMONKEY_DATES = ("%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %H:%M:%S", "%Y-%m-%d %H:%M:%S")


def _surveymonkey(raw: pd.DataFrame) -> Export | None:
    first = _cells(raw, 0)
    keys = [_key(c) for c in first]
    if len(raw) < 2 or not {"respondent id", "collector id"} <= set(keys):
        return None
    options = _cells(raw, 1)
    if options[keys.index("respondent id")]:
        return None  # a respondent, not the row of answer options: one header row only
    names, questions, question = [], {}, ""
    for text, option in zip(first, options, strict=True):
        # A question with several columns names itself over the first of them only.
        question = text or question
        alone = not option or (bool(text) and _key(option) in SURVEYMONKEY_SINGLE)
        name = question if alone else f"{question} - {option}" if question else option
        names.append(name)
        if question and question not in SURVEYMONKEY_METADATA:
            questions[name] = question
    present = set(names)
    return Export(
        tool=SURVEYMONKEY,
        label="SurveyMonkey",
        header_rows=2,
        columns=tuple(names),
        questions=questions,
        metadata=frozenset(SURVEYMONKEY_METADATA) & present,
        known={
            c: f
            for c, f in (("Respondent ID", "respondent_id"), ("End Date", "date"))
            if c in present
        },
        dates={c: SURVEYMONKEY_DATES for c in ("Start Date", "End Date") if c in present},
        notes=(
            "SurveyMonkey export: "
            + _rows_skipped(1, "answer options, joined to their question in the column names"),
        ),
    )


# Forms writes "2026/10/05 9:12:00 AM GMT+1"; the time zone is dropped before parsing.
GOOGLE_DATES = ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S")
# A column added to the form's sheet that identifies respondents better than an e-mail.
GOOGLE_ID_NAMES = {"respondent id", "respondent", "response id", "respondentid"}


def _google_forms(raw: pd.DataFrame) -> Export | None:
    names = _cells(raw, 0)
    if not names or names[0] != "Timestamp":
        return None
    emails = [n for n in names if _key(n) == "email address"]
    ids = [n for n in names if _key(n) in GOOGLE_ID_NAMES]
    metadata = {"Timestamp", "Score", *emails, *ids}
    derived, notes = {}, ["Google Forms export: question texts as column names."]
    if ids or emails:
        respondent = (ids or emails)[0]
    else:
        # Without collected e-mails, the submission time is what tells responses apart.
        respondent = GOOGLE_RESPONSE_ID
        derived = {GOOGLE_RESPONSE_ID: "Timestamp"}
        metadata.add(GOOGLE_RESPONSE_ID)
        notes.append(
            "The form collected no e-mail addresses: its Timestamp identifies each response."
        )
    columns = (*names, *derived)
    return Export(
        tool=GOOGLE_FORMS,
        label="Google Forms",
        columns=columns,
        questions={n: n for n in names if n not in metadata},
        metadata=frozenset(metadata),
        known={respondent: "respondent_id", "Timestamp": "date"},
        dates={"Timestamp": GOOGLE_DATES},
        derived=derived,
        notes=tuple(notes),
    )


MICROSOFT_METADATA = (
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Last modified time",
    "Total points",
    "Quiz feedback",
)


def _microsoft_forms(raw: pd.DataFrame) -> Export | None:
    names = _cells(raw, 0)
    if not {"ID", "Start time", "Completion time"} <= set(names):
        return None
    emails = raw.iloc[1:, names.index("Email")] if "Email" in names else pd.Series([], dtype=str)
    # Anonymous forms write "anonymous"; only real addresses name one person across forms.
    by_email = len(emails) > 0 and bool(emails.str.contains("@", regex=False).all())
    notes = ["Microsoft Forms export: question texts as column names."]
    if not by_email:
        notes.append(
            "Responses are identified by their ID, which restarts at 1 in every form: "
            "prefix the ids of a second form imported into this client (see Respondent ids)."
        )
    known = {"Email" if by_email else "ID": "respondent_id", "Completion time": "date"}
    if "Name" in names:
        known["Name"] = "respondent_name"
    metadata = frozenset(MICROSOFT_METADATA) & set(names)
    return Export(
        tool=MICROSOFT_FORMS,
        label="Microsoft Forms",
        columns=tuple(names),
        questions={n: n for n in names if n not in metadata},
        metadata=metadata,
        known=known,
        notes=tuple(notes),
    )


KOBO_METADATA = (
    "start",
    "end",
    "today",
    "deviceid",
    "username",
    "phonenumber",
    "audit",
    "_id",
    "_uuid",
    "_submission_time",
    "_validation_status",
    "_notes",
    "_status",
    "_submitted_by",
    "__version__",
    "_tags",
    "_index",
    "_attachments",
    "_geolocation",
    "meta/instanceID",
    "meta/rootUuid",
    "formhub/uuid",
    "_xform_id_string",
)


def _kobo(raw: pd.DataFrame) -> Export | None:
    names = _cells(raw, 0)
    if len({"_id", "_uuid", "_submission_time", "_index"} & set(names)) < 2:
        return None
    second = [c for c in _cells(raw, 1) if c]
    hxl = bool(second) and all(c.startswith("#") for c in second)
    metadata = frozenset(KOBO_METADATA) & set(names)
    columns = set(names)
    # A select_multiple question is followed by one 0/1 column per option ("q/option").
    options = {n for n in names if n.rpartition("/")[0] in columns}
    date = "end" if "end" in columns else "_submission_time"
    notes = ["KoboToolbox export: questions named by their group path."]
    if hxl:
        notes.append(_rows_skipped(1, "HXL hashtags"))
    return Export(
        tool=KOBO,
        label="KoboToolbox",
        header_rows=2 if hxl else 1,
        columns=tuple(names),
        questions={n: n for n in names if n not in metadata and n not in options},
        metadata=metadata | options,
        known={c: f for c, f in (("_id", "respondent_id"), (date, "date")) if c in columns},
        notes=tuple(notes),
    )


DETECTORS: tuple[Callable[[pd.DataFrame], Export | None], ...] = (
    _qualtrics,
    _surveymonkey,
    _google_forms,
    _microsoft_forms,
    _kobo,
)


def detect_export(raw: pd.DataFrame) -> Export:
    """The layout of a file read without a header (every cell a string, "" when blank)."""
    for detect in DETECTORS:
        found = detect(raw)
        if found is not None:
            return found
    return Export(columns=tuple(_cells(raw, 0)))


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
