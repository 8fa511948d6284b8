"""Refusing unreadable files with a message the sender understands."""

import pytest

from surveys.imports.reading import ImportFileError, read_table
from tests.surveys.helpers import read, to_xlsx

LIMIT = 1024 * 1024


def test_empty_file_is_refused():
    with pytest.raises(ImportFileError, match="empty"):
        read_table(content=b"", filename="x.csv", max_bytes=LIMIT)


def test_header_without_rows_is_refused():
    with pytest.raises(ImportFileError, match="no rows"):
        read_table(content=b"respondent_id,stage\n", filename="x.csv", max_bytes=LIMIT)


def test_file_over_the_size_limit_is_refused_with_both_sizes_and_the_way_round_it():
    with pytest.raises(ImportFileError, match=r"2\.0 MB; the limit is 1\.0 MB") as exc:
        read_table(content=b"a" * (2 * LIMIT), filename="x.csv", max_bytes=LIMIT)
    assert "import it with `manage.py import_evidence`" in str(exc.value)


def test_without_a_limit_a_file_of_any_size_is_read():
    content = b"respondent_id,stage\n" + b"R1,Selection\n" * (LIMIT // 10)
    frame = read_table(content=content, filename="x.csv", max_bytes=None)
    assert len(content) > LIMIT
    assert len(frame) == LIMIT // 10


def test_non_utf8_file_is_refused_with_the_bad_byte():
    content = "respondent_id,name\nR1,Müller\n".encode("latin-1")
    with pytest.raises(ImportFileError, match=r"not UTF-8 text \(byte 0xfc"):
        read_table(content=content, filename="x.csv", max_bytes=LIMIT)


def test_utf16_export_and_semicolons_are_read():
    content = "respondent_id;name\nR1;Müller\n".encode("utf-16")
    frame = read_table(content=content, filename="x.csv", max_bytes=LIMIT)
    assert frame.to_dict("records") == [{"respondent_id": "R1", "name": "Müller"}]


def test_cells_are_stripped_strings_and_blank_rows_dropped():
    content = b"respondent_id , score\n R1 ,007\n,\n"
    frame = read_table(content=content, filename="x.csv", max_bytes=LIMIT)
    assert frame.to_dict("records") == [{"respondent_id": "R1", "score": "007"}]


def test_xlsx_is_read_as_strings():
    frame = read_table(content=to_xlsx(read("wide_export.csv")), filename="w.xlsx", max_bytes=LIMIT)
    assert list(frame.columns)[:3] == ["Respondent ID", "Start Date", "Organization"]
    assert frame.loc[2, "Respondent ID"] == "1001"  # indexed by the row in the file


def test_corrupt_xlsx_is_refused():
    with pytest.raises(ImportFileError, match="not a readable XLSX"):
        read_table(content=b"PK\x03\x04garbage", filename="w.xlsx", max_bytes=LIMIT)


def test_duplicate_column_names_are_refused():
    with pytest.raises(ImportFileError, match="Columns appear twice"):
        read_table(content=b"a,a\n1,2\n", filename="x.csv", max_bytes=LIMIT)
