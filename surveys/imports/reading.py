"""Reading an uploaded CSV or XLSX file into a frame of strings, with clear refusals.

The header is read as the file's survey tool wrote it (one row, or several: exports/), and
every row keeps the number the user sees in the file, so problems are reported where the
user can find them.
"""

import csv
import io
import zipfile
from dataclasses import dataclass, field

import pandas as pd

from identification.text import BIDI_CONTROLS
from surveys.imports.exports import Export, apply_export, detect_export


class ImportFileError(Exception):
    """The file cannot be read at all; the message says why, for the person who sent it."""


XLSX_MAGIC = b"PK\x03\x04"


def _megabytes(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_size(*, size: int, max_bytes: int | None) -> None:
    """Refuse an empty file, and one over `max_bytes` (the browser's upload limit).

    The command line passes None: it reads files from disk, which is what the limit's
    message sends people to.
    """
    if size == 0:
        raise ImportFileError("The file is empty.")
    if max_bytes is not None and size > max_bytes:
        raise ImportFileError(
            f"The file is {_megabytes(size)}; the limit is {_megabytes(max_bytes)}. "
            "Split it, or import it with `manage.py import_evidence`."
        )


def _decode(content: bytes) -> str:
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return content.decode("utf-16")
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            f"The file is not UTF-8 text (byte 0x{content[exc.start]:02x} at position "
            f"{exc.start} cannot be read). Save it as “CSV UTF-8” and upload it again."
        ) from exc


def _delimiter(text: str) -> str:
    sample = text[:8192]
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t|").delimiter
    except csv.Error:
        return ","


def _columns(export: Export) -> list[str]:
    """The column names, checked: every column that holds anything is named, once."""
    names = list(export.columns)
    empty = [n for n in names if not n]
    if empty:
        raise ImportFileError("A column has no name in the header row; name every column.")
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ImportFileError(f"Columns appear twice in the header: {', '.join(duplicates)}.")
    return names


def _unnamed_blank_columns(raw: pd.DataFrame) -> pd.DataFrame:
    # Trailing separators and formatted spreadsheet columns: no name and nothing in them.
    blank = [c for c in raw.columns if (raw[c] == "").all()]
    return raw.drop(columns=blank) if blank else raw


def _strip_bidi(raw: pd.DataFrame) -> list[tuple[int, int, str]]:
    """Remove bidirectional controls from every cell; (file row, column position, text)
    of each cell they were removed from."""
    cleaned = []
    for position, column in enumerate(raw.columns):
        series = raw[column]
        # One search over the joined column is far faster than one per cell, and finds
        # nothing in almost every file.
        if BIDI_CONTROLS.search("\n".join(series.tolist())) is None:
            continue
        hits = series.str.contains(BIDI_CONTROLS, regex=True)
        if not hits.any():
            continue
        raw[column] = series.str.replace(BIDI_CONTROLS, "", regex=True)
        cleaned += [(int(i) + 1, position, raw.at[i, column]) for i in raw.index[hits]]
    return cleaned


@dataclass
class Table:
    """A file's respondent rows, the layout they were read with, and the text cleaned."""

    frame: pd.DataFrame  # one row per respondent row; the index is its row in the file
    export: Export
    # (file row, column, text now) of every cell bidirectional controls were removed from
    cleaned: list[tuple[int, str, str]] = field(default_factory=list)


def _raw_xlsx(content: bytes) -> pd.DataFrame:
    try:
        return pd.read_excel(io.BytesIO(content), header=None, dtype=str, engine="openpyxl")
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
        raise ImportFileError(f"The file is not a readable XLSX workbook ({exc}).") from exc


def _raw_csv(content: bytes, name: str) -> pd.DataFrame:
    if name.endswith(".xls"):
        raise ImportFileError("Old .xls workbooks are not supported; save as .xlsx or CSV.")
    text = _decode(content)
    if not text.strip():
        raise ImportFileError("The file is empty.")
    try:
        # Blank lines are kept (and dropped later), so that rows keep their number.
        return pd.read_csv(
            io.StringIO(text),
            header=None,
            dtype=str,
            keep_default_na=False,
            sep=_delimiter(text),
            skipinitialspace=True,
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError as exc:
        raise ImportFileError("The file is empty.") from exc
    except pd.errors.ParserError as exc:
        raise ImportFileError(f"The file is not valid CSV: {exc}") from exc


def _raw(content: bytes, filename: str) -> pd.DataFrame:
    """Every row of the file, header rows included, as stripped strings ("" when blank)."""
    name = (filename or "").lower()
    if content.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        raw = _raw_xlsx(content)
    else:
        raw = _raw_csv(content, name)
    if raw.empty:
        raise ImportFileError("The file is empty.")
    raw = raw.fillna("").astype(str)
    for column in raw.columns:
        raw[column] = raw[column].str.strip()
    return raw.reset_index(drop=True)


def read_export(*, content: bytes, filename: str, max_bytes: int | None) -> Table:
    """The file's respondent rows as strings (blank cells are ""), under the header its
    survey tool wrote (detected from the file: surveys/imports/exports/).

    `max_bytes` is the browser's upload limit; None (the command line) means no limit.
    """
    check_size(size=len(content), max_bytes=max_bytes)
    raw = _unnamed_blank_columns(_raw(content, filename))
    cleaned = _strip_bidi(raw)
    export = detect_export(raw)
    names = _columns(export)
    frame = raw.iloc[export.header_rows :].copy()
    frame.columns = names[: len(frame.columns)]
    frame.index = frame.index + 1  # the row the user sees in the file
    frame = apply_export(frame, export)
    # Spreadsheets often carry blank rows, at the end above all.
    frame = frame[(frame != "").any(axis=1)]
    if frame.empty:
        raise ImportFileError("The file has a header but no rows.")
    return Table(
        frame=frame,
        export=export,
        cleaned=[(row, names[position], text) for row, position, text in cleaned],
    )


def read_table(*, content: bytes, filename: str, max_bytes: int | None) -> pd.DataFrame:
    """The respondent rows of a file (`read_export`), indexed by their row in the file."""
    return read_export(content=content, filename=filename, max_bytes=max_bytes).frame
