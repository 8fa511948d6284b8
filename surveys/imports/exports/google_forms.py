"""Google Forms: one header row, the question texts after a `Timestamp` column."""

import pandas as pd

from surveys.imports.exports.layout import Export, cells, key

# The column that identifies a response when the form collected no e-mail address.
GOOGLE_RESPONSE_ID = "Response ID (from Timestamp)"
# Forms writes "2026/10/05 9:12:00 AM GMT+1"; the time zone is dropped before parsing.
GOOGLE_DATES = ("%Y/%m/%d %I:%M:%S %p", "%Y/%m/%d %H:%M:%S")
# A column added to the form's sheet that identifies respondents better than an e-mail.
GOOGLE_ID_NAMES = {"respondent id", "respondent", "response id", "respondentid"}


def google_forms(raw: pd.DataFrame) -> Export | None:
    """The Google Forms layout of a file read without a header, or None if it is not one."""
    names = cells(raw, 0)
    if not names or names[0] != "Timestamp":
        return None
    emails = [n for n in names if key(n) == "email address"]
    ids = [n for n in names if key(n) in GOOGLE_ID_NAMES]
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
        tool="google_forms",
        label="Google Forms",
        columns=columns,
        questions={n: n for n in names if n not in metadata},
        metadata=frozenset(metadata),
        known={respondent: "respondent_id", "Timestamp": "date"},
        dates={"Timestamp": GOOGLE_DATES},
        derived=derived,
        notes=tuple(notes),
    )
