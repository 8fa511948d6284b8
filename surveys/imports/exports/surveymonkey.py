"""SurveyMonkey: the question over the first of its columns, then a row of answer options
(`Response`, `Open-Ended Response`, or the option's own label)."""

import pandas as pd

from surveys.imports.exports.layout import Export, cells, key, rows_skipped

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


def surveymonkey(raw: pd.DataFrame) -> Export | None:
    """The SurveyMonkey layout of a file read without a header, or None if it is not one."""
    first = cells(raw, 0)
    keys = [key(c) for c in first]
    if len(raw) < 2 or not {"respondent id", "collector id"} <= set(keys):
        return None
    options = cells(raw, 1)
    if options[keys.index("respondent id")]:
        return None  # a respondent, not the row of answer options: one header row only
    names, questions, question = [], {}, ""
    for text, option in zip(first, options, strict=True):
        # A question with several columns names itself over the first of them only.
        question = text or question
        alone = not option or (bool(text) and key(option) in SURVEYMONKEY_SINGLE)
        name = question if alone else f"{question} - {option}" if question else option
        names.append(name)
        if question and question not in SURVEYMONKEY_METADATA:
            questions[name] = question
    present = set(names)
    return Export(
        tool="surveymonkey",
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
            + rows_skipped(1, "answer options, joined to their question in the column names"),
        ),
    )
