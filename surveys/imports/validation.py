"""Checking every row of a mapped file and planning what it would create.

`build_plan` turns a frame and a mapping into respondents with their mentions, and
lists every problem with its row (1 = the first row under the header), column and reason.
"""

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.utils import timezone

from identification.models import normalize_name
from identification.models.choices import (
    BuyingRole,
    Channel,
    DealSize,
    Direction,
    NonPersonSource,
    Outcome,
    Strength,
)
from surveys.imports.mapping import FIELDS, LONG, Mapping, question_of

MAX_PROBLEMS = 500

_CHOICES = {
    "strength": Strength,
    "direction": Direction,
    "channel": Channel,
    "role": BuyingRole,
    "outcome": Outcome,
    "deal_size": DealSize,
    "non_person": NonPersonSource,
}
TEXT_FIELDS = (
    "respondent_id",
    "respondent_name",
    "title",
    "organization",
    "influencer_id",
    "influencer_name",
    "quote",
)
BUILT_IN_DEFAULTS = {"strength": "notable", "direction": "neutral", "channel": "in_person"}
DEFAULT_ROLE = BuyingRole.DECISION_MAKER
UNKNOWN_ORGANIZATION = "Unknown organization"


def choice_vocabulary(choices) -> dict[str, str]:
    """normalized value or label → stored value; `in person`, `in_person`, `In person` agree."""
    vocab = {}
    for value, label in choices.choices:
        for form in (value, value.replace("_", " "), label):
            vocab[normalize_name(form)] = value
    return vocab


@dataclass(frozen=True)
class Vocabulary:
    """Our names a file's values may map to, for one study."""

    stages: dict[str, int]  # normalized stage name → stage id
    categories: dict[str, int]  # normalized category name → category id

    def for_field(self, name: str) -> dict[str, object]:
        if name == "stage":
            return self.stages
        if name == "category":
            return self.categories
        return choice_vocabulary(_CHOICES[name])


@dataclass
class Problem:
    """Something that stops the import: where it is and why."""

    row: int | None
    column: str
    reason: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "reason": self.reason}

    def __str__(self) -> str:
        where = f"Row {self.row}, column {self.column!r}" if self.row else (self.column or "File")
        return f"{where}: {self.reason}"


@dataclass(slots=True)
class PlannedMention:
    row: int
    column: str
    name: str
    key: str
    external_id: str
    category_id: int | None
    stage_id: int
    strength: str
    direction: str
    channel: str
    quote: str


@dataclass
class PlannedRespondent:
    respondent_id: str
    row: int
    name: str = ""
    title: str = ""
    organization: str = ""
    role: str = ""
    outcome: str = ""
    deal_size: str = ""
    date: dt.date | None = None
    mentions: list[PlannedMention] = field(default_factory=list)
    non_person: set[tuple[int, str]] = field(default_factory=set)


@dataclass
class Plan:
    """What a file would create, before resolving names; `problems` empty means valid."""

    row_count: int
    respondents: dict[str, PlannedRespondent] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0
    ignored_columns: list[str] = field(default_factory=list)

    def add_problem(self, row, column, reason) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(row, column, reason))


def parse_date(value: str) -> dt.date | None:
    """ISO dates (a time part is ignored) and day-first dates (31/12/2026), or None."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _lookup(mapping: Mapping, vocab: Vocabulary, name: str) -> dict:
    """normalized file value → our stored value, from the mapping's table then our names."""
    ours = vocab.for_field(name)
    table = dict(ours)
    for file_value, our_name in mapping.values.get(name, {}).items():
        target = ours.get(normalize_name(our_name))
        if target is not None:
            table[normalize_name(file_value)] = target
    return table


def _check_value_tables(mapping: Mapping, vocab: Vocabulary, plan: Plan) -> None:
    for name, table in mapping.values.items():
        ours = vocab.for_field(name)
        for file_value, our_name in table.items():
            if ours.get(normalize_name(our_name)) is None:
                plan.add_problem(
                    None,
                    f"values.{name}",
                    f"{file_value!r} is mapped to {our_name!r}, which is not a "
                    f"{FIELDS[name].lower()} of this study.",
                )


def _expected(name: str, vocab: Vocabulary) -> str:
    if name in ("stage", "category"):
        return ""
    return " Expected one of: " + ", ".join(v for v, _ in _CHOICES[name].choices) + "."


def _convert(series: pd.Series, table: dict, *, name: str, column: str, plan: Plan, vocab):
    """Map a column's values through `table`; unknown non-blank values are problems."""
    converted = {}
    bad = set()
    for value in series.unique():
        if value == "":
            converted[value] = None
            continue
        target = table.get(normalize_name(value))
        if target is None:
            bad.add(value)
        converted[value] = target
    if bad:
        label = FIELDS[name].lower()
        for index in np.flatnonzero(series.isin(bad).to_numpy()):
            value = series.iat[index]
            plan.add_problem(
                int(index) + 1,
                column,
                f"unknown {label} {value!r}; map it to one of ours.{_expected(name, vocab)}",
            )
    return [converted[v] for v in series.tolist()]


def _future(value: str) -> str:
    # The interview form refuses future dates too: they would skew the recency weighting.
    return f"{value!r} is in the future; an answer cannot be dated after today."


def _dates(series: pd.Series, *, column: str, plan: Plan) -> list:
    """Parse a date column; unreadable and future dates are problems of their row."""
    today = timezone.localdate()
    parsed = {v: (parse_date(v) if v else None) for v in series.unique()}
    reasons = {}
    for value, date in parsed.items():
        if value and date is None:
            reasons[value] = f"{value!r} is not a date (YYYY-MM-DD)."
        elif date is not None and date > today:
            reasons[value] = _future(value)
    for index in np.flatnonzero(series.isin(list(reasons)).to_numpy()):
        plan.add_problem(int(index) + 1, column, reasons[series.iat[index]])
    return [parsed[v] for v in series.tolist()]


def _default(mapping: Mapping, vocab: Vocabulary, name: str, plan: Plan):
    raw = mapping.defaults.get(name, BUILT_IN_DEFAULTS.get(name))
    if raw is None:
        return None
    if name == "organization":
        return raw
    if name == "date":
        parsed = parse_date(raw)
        if parsed is None:
            plan.add_problem(None, "defaults.date", f"{raw!r} is not a date (use YYYY-MM-DD).")
        elif parsed > timezone.localdate():
            plan.add_problem(None, "defaults.date", _future(raw))
            return None
        return parsed
    value = vocab.for_field(name).get(normalize_name(raw))
    if value is None:
        plan.add_problem(None, f"defaults.{name}", f"{raw!r} is not a {FIELDS[name].lower()}.")
    return value


def _check_columns(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary, plan: Plan) -> None:
    _check_value_tables(mapping, vocab, plan)
    for column in mapping.columns:
        if column not in frame.columns:
            plan.add_problem(None, column, "the mapping uses this column but the file lacks it.")
    if mapping.column_for("respondent_id") is None:
        plan.add_problem(None, "respondent_id", "map a column to the respondent id (required).")
    if mapping.layout == LONG:
        named_by = ("influencer_name", "influencer_id", "non_person")
        if not any(mapping.column_for(f) for f in named_by):
            plan.add_problem(
                None,
                "influencer_name",
                "map a column to the influencer name or id, or to a non-person influence.",
            )
        if mapping.column_for("stage") is None and "stage" not in mapping.defaults:
            plan.add_problem(None, "stage", "map a column to the stage, or give a default stage.")
    else:
        if not mapping.stage_columns():
            plan.add_problem(
                None, "columns", "map the question columns (e.g. Q3_1) to influencer names."
            )
        table = _lookup(mapping, vocab, "stage")
        for question in dict.fromkeys(question_of(c) for c, _ in mapping.stage_columns()):
            if table.get(normalize_name(question)) is None:
                plan.add_problem(
                    None,
                    f"values.stage.{question}",
                    f"question {question!r} is not mapped to a stage of this study.",
                )


def build_plan(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary) -> Plan:
    """Check every row against the mapping and group the rows by respondent."""
    plan = Plan(row_count=len(frame), ignored_columns=mapping.ignored(frame.columns))
    _check_columns(frame, mapping, vocab, plan)
    if plan.problems:
        return plan
    n = len(frame)
    cols: dict[str, list] = {}
    for name in FIELDS:
        column = mapping.column_for(name)
        if column is None:
            default = (
                _default(mapping, vocab, name, plan)
                if name in mapping.defaults or (name in BUILT_IN_DEFAULTS)
                else None
            )
            cols[name] = [default] * n
            continue
        series = frame[column]
        if name in TEXT_FIELDS:
            cols[name] = series.tolist()
        elif name == "date":
            cols[name] = _dates(series, column=column, plan=plan)
        else:
            table = _lookup(mapping, vocab, name)
            cols[name] = _convert(series, table, name=name, column=column, plan=plan, vocab=vocab)
        if name in mapping.defaults and name not in TEXT_FIELDS:
            default = _default(mapping, vocab, name, plan)
            cols[name] = [default if v is None else v for v in cols[name]]
        elif name == "organization" and "organization" in mapping.defaults:
            cols[name] = [v or mapping.defaults["organization"] for v in cols[name]]
    non_person_table = _lookup(mapping, vocab, "non_person")
    slots = _slots(frame, mapping, vocab)
    values = slots.values
    rid_column = mapping.column_for("respondent_id")
    for i in range(n):
        row = i + 1
        rid = cols["respondent_id"][i]
        if not rid:
            plan.add_problem(row, rid_column, "the respondent id is empty.")
            continue
        respondent = plan.respondents.get(rid)
        if respondent is None:
            respondent = plan.respondents[rid] = PlannedRespondent(respondent_id=rid, row=row)
        for attr, name in (
            ("name", "respondent_name"),
            ("title", "title"),
            ("organization", "organization"),
            ("role", "role"),
            ("outcome", "outcome"),
            ("deal_size", "deal_size"),
            ("date", "date"),
        ):
            if not getattr(respondent, attr) and cols[name][i]:
                setattr(respondent, attr, cols[name][i])
        named = False
        for column, kind, stage_id in slots:
            value = values[column][i]
            if not value:
                continue
            named = True
            stage = stage_id if stage_id is not None else cols["stage"][i]
            if stage is None:
                if not mapping.column_for("stage"):
                    plan.add_problem(row, "stage", "no stage for this row.")
                continue  # an unknown stage value is already reported for this row
            if kind == "non_person":
                if mapping.layout == LONG:
                    source = cols["non_person"][i]  # an unknown value is already reported
                else:
                    source = non_person_table.get(normalize_name(value))
                    if source is None:
                        plan.add_problem(
                            row,
                            column,
                            f"unknown non-person influence {value!r}."
                            f"{_expected('non_person', vocab)}",
                        )
                if source:
                    respondent.non_person.add((stage, source))
                continue
            source = non_person_table.get(normalize_name(value))
            if kind == "influencer_name" and source:
                # Exports mix "Google search" style answers with names; they are not people.
                respondent.non_person.add((stage, source))
                continue
            external_id = value if kind == "influencer_id" else ""
            name = "" if kind == "influencer_id" else value
            if mapping.layout == LONG:
                external_id = cols["influencer_id"][i] or ""
                name = cols["influencer_name"][i] or ""
            respondent.mentions.append(
                PlannedMention(
                    row=row,
                    column=column,
                    name=name or external_id,
                    key=normalize_name(name),
                    external_id=external_id,
                    category_id=cols["category"][i],
                    stage_id=stage,
                    strength=cols["strength"][i] or "notable",
                    direction=cols["direction"][i] or "neutral",
                    channel=cols["channel"][i] or "in_person",
                    quote=cols["quote"][i] or "",
                )
            )
        if mapping.layout == LONG and not named:
            plan.add_problem(
                row,
                mapping.column_for("influencer_name") or mapping.column_for("influencer_id") or "",
                "nobody is named: give an influencer name or id, or a non-person influence.",
            )
    plan.problems.sort(key=lambda p: (p.row or 0, p.column))
    return plan


class _Slots(list):
    """(column, kind, fixed stage id or None) per influence cell of a row, plus the values."""

    values: dict[str, list[str]]


def _slots(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary) -> _Slots:
    slots = _Slots()
    if mapping.layout == LONG:
        # One slot per row: the name column when there is one, else the id column; a
        # separate non-person column is a second slot.
        primary = mapping.column_for("influencer_name") or mapping.column_for("influencer_id")
        if primary:
            kind = "influencer_name" if mapping.column_for("influencer_name") else "influencer_id"
            slots.append((primary, kind, None))
        if mapping.column_for("non_person"):
            slots.append((mapping.column_for("non_person"), "non_person", None))
    else:
        table = _lookup(mapping, vocab, "stage")
        for column, kind in mapping.stage_columns():
            slots.append((column, kind, table[normalize_name(question_of(column))]))
    slots.values = {column: frame[column].tolist() for column, _, _ in slots}
    name_column = mapping.column_for("influencer_name")
    id_column = mapping.column_for("influencer_id")
    if mapping.layout == LONG and name_column and id_column:
        # A row may give the id, the name or both: the slot is filled when either is.
        slots.values[name_column] = [
            n or x for n, x in zip(frame[name_column], frame[id_column], strict=True)
        ]
    return slots
