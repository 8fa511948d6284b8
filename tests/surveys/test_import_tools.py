"""Survey tools' exports import as the tools write them: the layout is detected from the
file and said, the mapping is guessed from the question texts, and rows are reported by the
number they have in the file (header rows counted)."""

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from identification.models import Buyer, Evidence, Mention, NonPersonInfluence
from surveys.imports.guess import guess_mapping
from surveys.imports.reading import read_export
from surveys.models import ImportJob
from surveys.services.imports import import_file
from tests.surveys.helpers import FILES
from tests.surveys.test_import_views import _initial
from tests.surveys.tools import EXPORTS, ToolExport, xlsx

pytestmark = pytest.mark.django_db

BY_LABEL = {e.label: e for e in EXPORTS}
tools = pytest.mark.parametrize("export", EXPORTS, ids=[e.label for e in EXPORTS])


def _stages(study):
    return list(study.stages.values_list("name", flat=True))


def _read_and_guess(content: bytes, study):
    table = read_export(content=content, filename="export.csv", max_bytes=None)
    return table, guess_mapping(table.frame.columns, stages=_stages(study), export=table.export)


def _guess(export: ToolExport, study, content=None) -> dict:
    """The mapping guessed from the file, with the one choice no file makes: the category
    of influencers new to the registry."""
    table = read_export(
        content=content or export.content(), filename=export.filename, max_bytes=None
    )
    mapping = guess_mapping(table.frame.columns, stages=_stages(study), export=table.export)
    mapping.defaults["category"] = "Peers"
    return mapping.to_document()


def _story_was_imported(export: ToolExport, study) -> None:
    """What every export of the story writes: three respondents, five mentions."""
    mentions = set(
        Mention.objects.filter(evidence__study=study).values_list(
            "evidence__buyer__organization__name", "influencer__name", "stage__name"
        )
    )
    assert mentions == {
        ("Delta Logistics", "Maria García", "Solution scoping"),
        ("Delta Logistics", "Tom Baker", "Solution scoping"),
        ("Delta Logistics", "Priya Nair", export.second_stage),
        ("Epsilon Health", "Tom Baker", "Solution scoping"),
        ("Epsilon Health", "Maria García", export.second_stage),  # "Maria Garcia" matched
    }
    buyers = Buyer.objects.filter(client=study.client).order_by("organization__name")
    assert [(b.external_id, b.organization.name, b.role) for b in buyers] == [
        (export.ids[0], "Delta Logistics", "decision_maker"),
        (export.ids[1], "Epsilon Health", "procurement"),
        (export.ids[2], "Zeta Foods", "user"),
    ]
    dates = Evidence.objects.filter(study=study).order_by("buyer__organization__name")
    assert tuple(dates.values_list("collected_on", flat=True)) == export.dates


@tools
def test_the_layout_is_detected_from_the_file_and_rows_keep_their_number(export):
    table = read_export(content=export.content(), filename=export.filename, max_bytes=None)

    assert table.export.tool == export.tool
    assert table.export.header_rows == export.header_rows
    assert export.note in table.export.note
    # The first respondent is on the row under the header rows, as the user sees it.
    assert table.frame.index.tolist() == [export.header_rows + n for n in (1, 2, 3)]
    assert len(table.frame.columns) == len(set(table.frame.columns))


@tools
def test_the_mapping_is_guessed_from_the_question_texts(tenant, export):
    doc = _guess(export, tenant.study)

    assert doc["layout"] == "wide"
    fields = sorted(doc["columns"].values())
    assert fields.count("influencer_name") >= 3
    for field in ("respondent_id", "organization", "role", "date"):
        assert fields.count(field) == 1, field
    assert set(doc.get("values", {}).get("stage", {}).values()) <= {
        "Solution scoping",
        export.second_stage,
    }
    assert doc["columns"][export.role_column] == "role"


@tools
def test_an_export_imports_with_the_guessed_mapping(tenant, export):
    report = import_file(
        study=tenant.study,
        content=export.content(),
        filename=export.filename,
        mapping=_guess(export, tenant.study),
    )

    assert report.ok, report.problem_lines()
    assert export.note in report.file_note
    assert report.created["evidence"] == 3
    assert report.created["mentions"] == 5
    _story_was_imported(export, tenant.study)


@tools
def test_a_bad_value_is_reported_on_the_row_the_user_sees(tenant, export):
    report = import_file(
        study=tenant.study,
        content=export.with_bad_role(),
        filename=export.filename,
        mapping=_guess(export, tenant.study),
    )

    assert not report.ok
    (problem,) = report.problems
    # The second respondent, under the header rows.
    assert (problem["row"], problem["column"]) == (export.header_rows + 2, export.role_column)
    assert "unknown role in the buying group" in problem["reason"]
    assert report.header_rows == export.header_rows
    assert not Evidence.objects.exists()


def test_a_name_cell_reading_search_is_an_influence_not_a_person(tenant):
    export = BY_LABEL["Qualtrics CSV"]
    import_file(
        study=tenant.study,
        content=export.content(),
        filename=export.filename,
        mapping=_guess(export, tenant.study),
    )
    (source,) = NonPersonInfluence.objects.values_list("evidence__buyer__external_id", "source")
    assert source == (export.ids[1], "search")


def test_surveymonkey_option_columns_are_named_after_their_question():
    export = BY_LABEL["SurveyMonkey"]
    table = read_export(content=export.content(), filename=export.filename, max_bytes=None)
    assert "Who most influenced you at the Selection stage? - Name 2" in table.frame.columns
    # A question with one answer column keeps the question as its name.
    assert "What was your role in the purchase?" in table.frame.columns
    assert "Which of these also influenced your choice? - Other (please specify)" in (
        table.frame.columns
    )


def test_kobo_select_multiple_option_columns_are_not_taken_for_names(tenant):
    doc = _guess(BY_LABEL["KoboToolbox"], tenant.study)
    assert "other_sources/search" not in doc["columns"]
    assert doc["values"]["stage"] == {
        "solution_scoping/influencer": "Solution scoping",
        "supplier_shortlisting/influencer": "Supplier shortlisting",
    }


def test_google_forms_with_collected_emails_identifies_respondents_by_email(tenant):
    content = (
        b'"Timestamp","Email Address","Your organization","Selection: who influenced you most?"\n'
        b'"2026/10/05 9:12:40 AM GMT+1","ann@delta.example","Delta Logistics","Maria Garcia"\n'
    )
    table, mapping = _read_and_guess(content, tenant.study)
    assert mapping.column_for("respondent_id") == "Email Address"
    assert "Timestamp identifies" not in table.export.note


def test_microsoft_forms_with_real_emails_identifies_respondents_by_email():
    rows = [
        ["ID", "Start time", "Completion time", "Email", "Name", "Who at selection?"],
        [1, "2026-10-05 09:00:00", "2026-10-05 09:10:00", "ann@delta.example", "Ann", "Tom"],
    ]
    table = read_export(content=xlsx(rows), filename="f.xlsx", max_bytes=None)
    assert table.export.known["Email"] == "respondent_id"
    assert "restarts at 1" not in table.export.note


def test_a_plain_table_is_read_as_before():
    table = read_export(
        content=b"respondent_id,stage\nR1,Selection\n", filename="x.csv", max_bytes=None
    )
    assert table.export.tool == ""
    assert table.export.note == ""
    assert table.frame.index.tolist() == [2]


# The command line reads the same exports and says how it read them.


def _run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@tools
def test_the_command_line_imports_an_export_and_says_how_it_read_it(tenant, export, tmp_path):
    path = tmp_path / export.filename
    path.write_bytes(export.content())
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps(_guess(export, tenant.study)))

    out, _ = _run(
        "import_evidence", str(path), "--study", tenant.study.slug, "--mapping", str(mapping)
    )

    assert export.note in out
    assert "Created: 3 responses, 5 mentions of influencers, " in out
    _story_was_imported(export, tenant.study)


def test_the_command_line_reports_rows_as_numbered_in_the_export(tenant, tmp_path):
    export = BY_LABEL["Qualtrics CSV"]
    path = tmp_path / export.filename
    path.write_bytes(export.content())
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import_evidence", str(path), "--study", tenant.study.slug, stdout=out, stderr=err
        )

    assert export.note in out.getvalue()
    # The guess maps everything; only the category of new names is missing. Maria García
    # is first named in the first response, on the file's row 4: said once for all of them.
    assert (
        "- Columns 'Q3_1', 'Q3_2', 'Q4_1': no category for the new influencers named in row 4; "
        "map a category column or give a default category." in err.getvalue().splitlines()
    )
    assert not Evidence.objects.exists()


# The browser's import pages: upload, check the guessed mapping, preview, import.


def _url(name, study, *args):
    return reverse(f"surveys:{name}", args=[study.slug, *args])


@tools
def test_an_export_imports_through_the_import_pages(tenant, analyst, export):
    study = tenant.study
    upload = analyst.post(
        _url("import_index", study),
        {"file": SimpleUploadedFile(export.filename, export.content())},
    )
    job = ImportJob.objects.get()
    assert upload.url == _url("import_mapping", study, job.pk)

    page = analyst.get(upload.url)
    html = page.content.decode()
    assert 'id="file-layout"' in html
    assert export.note in html
    data = _initial(page.context["form"])  # the guess, as the page offers it
    data.update(def_category="Peers", preview="1")
    preview_url = analyst.post(upload.url, data).url

    preview = analyst.get(preview_url)
    report = preview.context["report"]
    assert report.ok, report.problem_lines()
    html = preview.content.decode()
    assert export.note in html
    assert 'id="sample"' in html
    assert "Maria García" in html
    assert Evidence.objects.count() == 0

    analyst.post(preview_url, {})
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    _story_was_imported(export, study)


def test_a_surveymonkey_export_cut_to_one_header_row_loses_no_respondent():
    content = (
        b"Respondent ID,Collector ID,End Date,Who most influenced you at Selection?\n"
        b"114111222333,405123456,10/13/2026 09:12:40 AM,Maria Garcia\n"
    )
    table = read_export(content=content, filename="sm.csv", max_bytes=None)
    assert table.export.header_rows == 1
    assert table.frame["Respondent ID"].tolist() == ["114111222333"]


def test_a_qualtrics_export_without_its_question_texts_is_read_too():
    rows = (FILES / "qualtrics_export.csv").read_text(encoding="utf-8").splitlines()
    content = "\n".join([rows[0], *rows[2:]]).encode()
    table = read_export(content=content, filename="q.csv", max_bytes=None)
    assert (table.export.header_rows, table.frame.index[0]) == (2, 3)
    assert "1 header row skipped (import ids)" in table.export.note


def test_a_timestamp_first_table_with_its_own_respondent_ids_keeps_them(tenant):
    content = (
        b"Timestamp,Respondent ID,Selection: who influenced you most?\n"
        b"2026/10/05 9:12:40 AM GMT+1,R1,Tom\n"
    )
    table, mapping = _read_and_guess(content, tenant.study)
    assert mapping.column_for("respondent_id") == "Respondent ID"
    assert "Response ID (from Timestamp)" not in table.frame.columns
