"""Qualtrics (CSV and XLSX): column names, question texts and `{"ImportId": …}` JSON, then the
responses from row 4 (the question-text row is sometimes left out)."""

import json

import pandas as pd

from surveys.imports.exports.layout import Export, cells, rows_skipped


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
        ids = [c for c in cells(raw, row) if c]
        if ids and sum(_is_import_id(c) for c in ids) * 2 >= len(ids):
            return row
    return None


def qualtrics(raw: pd.DataFrame) -> Export | None:
    """The Qualtrics layout of a file read without a header, or None if it is not one."""
    row = _import_id_row(raw)
    if row is None:
        return None
    names, ids = cells(raw, 0), cells(raw, row)
    texts = cells(raw, 1) if row == 2 else [""] * len(names)
    # Questions have import ids QID…; everything else is Qualtrics' own data or embedded data.
    metadata = frozenset(
        n for n, c in zip(names, ids, strict=True) if not _import_id(c).startswith("QID")
    )
    date = "RecordedDate" if "RecordedDate" in names else "EndDate"
    skipped = "question texts, import ids" if row == 2 else "import ids"
    return Export(
        tool="qualtrics",
        label="Qualtrics",
        header_rows=row + 1,
        columns=tuple(names),
        questions={n: t for n, t in zip(names, texts, strict=True) if t and n not in metadata},
        metadata=metadata,
        known={c: f for c, f in (("ResponseId", "respondent_id"), (date, "date")) if c in names},
        notes=(f"Qualtrics export: {rows_skipped(row, skipped)}",),
    )


def _import_id(cell: str) -> str:
    return str(json.loads(cell).get("ImportId", "")) if _is_import_id(cell) else ""
