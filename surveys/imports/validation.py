"""Checking every row of a mapped file and planning what it would create.

`build_plan` turns a frame and a mapping into respondents with their mentions, and
lists every problem with its row (1 = the first row under the header), column and reason.
"""

import pandas as pd

from identification.models import normalize_name
from surveys.imports.mapping import FIELDS, LONG, Mapping, question_of
from surveys.imports.plan import Plan, PlannedMention, PlannedRespondent
from surveys.imports.values import field_values
from surveys.imports.vocabulary import Vocabulary, expected_choices, lookup


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


def build_plan(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary) -> Plan:  # noqa: C901 — split by issue 7
    """Check every row against the mapping and group the rows by respondent."""
    plan = Plan(row_count=len(frame), ignored_columns=mapping.ignored(frame.columns))
    _check_columns(frame, mapping, vocab, plan)
    if plan.problems:
        return plan
    n = len(frame)
    cols = field_values(frame, mapping, vocab, plan)
    non_person_table = lookup(mapping, vocab, "non_person")
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
                            f"{expected_choices('non_person')}",
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
