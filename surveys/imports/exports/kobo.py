"""KoboToolbox (XLSForm): questions named by their group path (`group_x/question`) or label,
Kobo's own `_id`, `_uuid`, `_submission_time`… columns, and on some exports a second row of
HXL `#hashtags`."""

import pandas as pd

from surveys.imports.exports.layout import Export, cells, rows_skipped

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


def kobo(raw: pd.DataFrame) -> Export | None:
    """The KoboToolbox layout of a file read without a header, or None if it is not one."""
    names = cells(raw, 0)
    if len({"_id", "_uuid", "_submission_time", "_index"} & set(names)) < 2:
        return None
    second = [c for c in cells(raw, 1) if c]
    hxl = bool(second) and all(c.startswith("#") for c in second)
    metadata = frozenset(KOBO_METADATA) & set(names)
    columns = set(names)
    # A select_multiple question is followed by one 0/1 column per option ("q/option").
    options = {n for n in names if n.rpartition("/")[0] in columns}
    date = "end" if "end" in columns else "_submission_time"
    notes = ["KoboToolbox export: questions named by their group path."]
    if hxl:
        notes.append(rows_skipped(1, "HXL hashtags"))
    return Export(
        tool="kobo",
        label="KoboToolbox",
        header_rows=2 if hxl else 1,
        columns=tuple(names),
        questions={n: n for n in names if n not in metadata and n not in options},
        metadata=metadata | options,
        known={c: f for c, f in (("_id", "respondent_id"), (date, "date")) if c in columns},
        notes=tuple(notes),
    )
