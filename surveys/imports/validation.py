"""Checking every row of a mapped file and planning what it would create.

`build_plan` turns a frame and a mapping into respondents with their mentions, and
lists every problem with its row (as numbered in the file, header rows included), column
and reason.
"""

from dataclasses import dataclass

import pandas as pd

from identification.models import normalize_name
from surveys.imports.mapping import FIELDS, LONG, Mapping, question_of
from surveys.imports.plan import Plan, PlannedMention, PlannedRespondent
from surveys.imports.values import field_values
from surveys.imports.vocabulary import Vocabulary, expected_choices, lookup

NOBODY = "nobody is named"
NOBODY_HINT = "give an influencer name or id, or a non-person influence"
NO_STAGE_HINT = "map a column to the stage, or give a default stage"


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
        table = lookup(mapping, vocab, "stage")
        for question in dict.fromkeys(question_of(c) for c, _ in mapping.stage_columns()):
            if table.get(normalize_name(question)) is None:
                plan.add_problem(
                    None,
                    f"values.stage.{question}",
                    f"question {question!r} is not mapped to a stage of this study.",
                )


def build_plan(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary) -> Plan:
    """Check every row against the mapping and group the rows by respondent.

    The frame's index is each row's number in the file (reading.py), which every problem
    and every planned respondent and mention carries.
    """
    plan = Plan(
        row_count=len(frame),
        ignored_columns=mapping.ignored(frame.columns),
        file_rows=frame.index.tolist(),
    )
    _check_columns(frame, mapping, vocab, plan)
    if plan.problems:
        return plan
    rows = _Rows(
        mapping=mapping,
        plan=plan,
        cols=field_values(frame, mapping, vocab, plan),
        slots=_slots(frame, mapping, vocab),
        non_person=lookup(mapping, vocab, "non_person"),
        non_person_hint=vocab.hint("non_person"),
    )
    for i in range(len(frame)):
        _plan_row(rows, i)
    plan.problems.sort(key=lambda p: (p.row or 0, p.column))
    return plan


@dataclass
class _Rows:
    """A mapped file read once: each field's value on each row, and its influence cells."""

    mapping: Mapping
    plan: Plan
    cols: dict[str, list]
    slots: "_Slots"
    non_person: dict  # normalized file value → non-person source
    non_person_hint: str


_DETAILS = (
    ("name", "respondent_name"),
    ("title", "title"),
    ("organization", "organization"),
    ("role", "role"),
    ("outcome", "outcome"),
    ("deal_size", "deal_size"),
    ("date", "date"),
)


def _plan_row(rows: _Rows, i: int) -> None:
    """Row `i` (from 0): its respondent, with the details it gives and what it names."""
    plan, cols, position = rows.plan, rows.cols, i + 1
    rid = cols["respondent_id"][i]
    if not rid:
        plan.add_problem(
            position,
            rows.mapping.column_for("respondent_id"),
            "the respondent id is empty.",
            what="the respondent id is empty",
            hint="every row needs the id of the respondent who answered",
        )
        return
    respondent = plan.respondents.get(rid)
    if respondent is None:
        row = plan.file_row(position)
        respondent = plan.respondents[rid] = PlannedRespondent(respondent_id=rid, row=row)
    # A respondent's details come from the first of their rows that gives each one.
    for attr, name in _DETAILS:
        if not getattr(respondent, attr) and cols[name][i]:
            setattr(respondent, attr, cols[name][i])
    named = False
    for slot in rows.slots:
        named = _plan_cell(rows, respondent, slot, i) or named
    if rows.mapping.layout == LONG and not named:
        mapping = rows.mapping
        plan.add_problem(
            position,
            mapping.column_for("influencer_name") or mapping.column_for("influencer_id") or "",
            f"{NOBODY}: {NOBODY_HINT}.",
            what=NOBODY,
            hint=NOBODY_HINT,
        )


def _plan_cell(rows: _Rows, respondent: PlannedRespondent, slot, i: int) -> bool:
    """One influence cell of row `i`: a mention, a non-person influence, or a problem.
    False when the cell is blank."""
    column, kind, stage_id = slot
    value = rows.slots.values[column][i]
    if not value:
        return False
    stage = stage_id if stage_id is not None else rows.cols["stage"][i]
    if stage is None:
        if not rows.mapping.column_for("stage"):
            rows.plan.add_problem(
                i + 1, "stage", "no stage for this row.", what="no stage", hint=NO_STAGE_HINT
            )
        return True  # an unknown stage value is already reported for this row
    source = _non_person_source(rows, kind, column, value, i)
    if source:
        respondent.non_person.add((stage, source))
    elif kind != "non_person":
        respondent.mentions.append(_mention(rows, kind, column, value, stage, i))
    return True


def _non_person_source(rows: _Rows, kind: str, column: str, value: str, i: int) -> str | None:
    """The non-person influence a cell records, if it records one."""
    if kind == "influencer_id":
        return None
    if kind == "influencer_name":
        # Exports mix "Google search" style answers with names; they are not people.
        return rows.non_person.get(normalize_name(value))
    if rows.mapping.layout == LONG:
        return rows.cols["non_person"][i]  # an unknown value is already reported
    source = rows.non_person.get(normalize_name(value))
    if source is None:
        rows.plan.add_problem(
            i + 1,
            column,
            f"unknown non-person influence {value!r}.{expected_choices('non_person')}",
            what=f"unknown non-person influence {value!r}",
            hint=rows.non_person_hint,
        )
    return source


def _mention(rows: _Rows, kind: str, column: str, value: str, stage: int, i: int):
    """The mention a cell naming an influencer (by name or id) records."""
    cols = rows.cols
    external_id = value if kind == "influencer_id" else ""
    name = "" if kind == "influencer_id" else value
    if rows.mapping.layout == LONG:
        # A long row may give the id, the name or both.
        external_id = cols["influencer_id"][i] or ""
        name = cols["influencer_name"][i] or ""
    return PlannedMention(
        row=rows.plan.file_row(i + 1),
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
        table = lookup(mapping, vocab, "stage")
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
