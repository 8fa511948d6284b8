"""Microsoft Forms ("Open results in Excel"): `ID`, `Start time`, `Completion time`, `Email`,
`Name`, then the question texts."""

import pandas as pd

from surveys.imports.exports.layout import Export, cells

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


def microsoft_forms(raw: pd.DataFrame) -> Export | None:
    """The Microsoft Forms layout of a file read without a header, or None if it is not one."""
    names = cells(raw, 0)
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
        tool="microsoft_forms",
        label="Microsoft Forms",
        columns=tuple(names),
        questions={n: n for n in names if n not in metadata},
        metadata=metadata,
        known=known,
        notes=tuple(notes),
    )
