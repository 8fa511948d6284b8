"""Reading an uploaded CSV or XLSX file into a frame of strings, with clear refusals."""

import csv
import io
import zipfile

import pandas as pd


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


def _clean(frame: pd.DataFrame, header: list[str]) -> pd.DataFrame:
    frame.columns = [str(c).strip() for c in frame.columns]
    if any(not c or c.startswith("Unnamed:") for c in frame.columns):
        raise ImportFileError("A column has no name in the header row; name every column.")
    # pandas renames a repeated header ("a", "a.1"), so count the header as written.
    names = [h.strip() for h in header]
    duplicates = sorted({c for c in names if names.count(c) > 1})
    if duplicates:
        raise ImportFileError(f"Columns appear twice in the header: {', '.join(duplicates)}.")
    frame = frame.fillna("").astype(str)
    for column in frame.columns:
        frame[column] = frame[column].str.strip()
    # Spreadsheets often carry trailing blank rows.
    frame = frame[(frame != "").any(axis=1)].reset_index(drop=True)
    if frame.empty:
        raise ImportFileError("The file has a header but no rows.")
    return frame


def read_table(*, content: bytes, filename: str, max_bytes: int | None) -> pd.DataFrame:
    """The file's rows as strings (blank cells are ""), one column per header cell.

    `max_bytes` is the browser's upload limit; None (the command line) means no limit.
    """
    check_size(size=len(content), max_bytes=max_bytes)
    name = (filename or "").lower()
    if content.startswith(XLSX_MAGIC) or name.endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(content), dtype=str, engine="openpyxl")
            first = pd.read_excel(io.BytesIO(content), header=None, nrows=1, dtype=str)
            header = [str(c) for c in first.iloc[0].tolist()] if len(first) else []
        except (zipfile.BadZipFile, ValueError, KeyError, OSError) as exc:
            raise ImportFileError(f"The file is not a readable XLSX workbook ({exc}).") from exc
    else:
        if name.endswith(".xls"):
            raise ImportFileError("Old .xls workbooks are not supported; save as .xlsx or CSV.")
        text = _decode(content)
        if not text.strip():
            raise ImportFileError("The file is empty.")
        delimiter = _delimiter(text)
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        try:
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                sep=delimiter,
                skipinitialspace=True,
            )
        except pd.errors.EmptyDataError as exc:
            raise ImportFileError("The file is empty.") from exc
        except pd.errors.ParserError as exc:
            raise ImportFileError(f"The file is not valid CSV: {exc}") from exc
    if frame.columns.empty:
        raise ImportFileError("The file is empty.")
    return _clean(frame, header)
