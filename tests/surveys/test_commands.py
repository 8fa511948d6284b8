"""The command line: create_study and import_evidence."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from identification.models import Client, Evidence, Influencer, NameReview, RankingRun, Study
from surveys.models import ImportJob
from tests.factories import InfluencerFactory, make_client, make_study
from tests.surveys.helpers import FILES, long_csv, mention_row, read

pytestmark = pytest.mark.django_db

STAGES = (
    "Problem identification, Decision to act, Solution scoping, Supplier shortlisting, "
    "Selection, Validation / sign-off"
)


def _run(*args, **options) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def _failing(*args, **options) -> tuple[str, list[str], int]:
    """Run a command that must fail: its output, its error lines and its exit status."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue().splitlines(), failed.value.returncode


def _file(tmp_path, rows, extra=(), name="answers.csv"):
    path = tmp_path / name
    path.write_bytes(long_csv(rows, extra=list(extra)))
    return str(path)


def test_create_study_creates_the_client_when_new_and_prints_the_slug():
    out, _ = _run("create_study", "Initech", "UK payroll 2026")
    study = Study.objects.get(name="UK payroll 2026")
    assert out.strip() == study.slug
    assert study.client == Client.objects.get(name="Initech")
    assert study.stages.count() == 6


def test_create_study_twice_prints_the_same_slug(tenant):
    first, _ = _run("create_study", tenant.client.name, "Second study")
    again, err = _run("create_study", tenant.client.slug, "Second study")
    assert first == again
    assert "already exists" in err
    assert Study.objects.filter(name="Second study").count() == 1


def test_import_evidence_with_a_wide_mapping(tenant):
    out, _ = _run(
        "import_evidence",
        str(FILES / "wide_export.csv"),
        "--study",
        tenant.study.slug,
        "--mapping",
        str(FILES / "wide_mapping.json"),
    )
    assert Evidence.objects.count() == 3
    assert "Created: 3 responses, " in out
    assert "Names in the file: " in out


# --dry-run: the preview's counts, in the preview's words.


def test_import_evidence_dry_run_prints_the_preview_counts_and_writes_nothing(tenant):
    out, _ = _run(
        "import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug, "--dry-run"
    )

    lines = out.splitlines()
    assert (
        "Would create: 3 responses, 5 mentions of influencers, 1 other influence (search, "
        "website…), 3 new respondents, 3 new organizations, 4 new influencers, 0 new spellings "
        "of known names, 0 respondents who are also influencers." in lines
    )
    assert "Names in the file: 4 new to the registry." in lines
    assert lines[-1] == "Dry run: nothing written, no ranking asked for."
    assert Evidence.objects.count() == 0
    assert not RankingRun.objects.exists()


def test_the_dry_run_counts_are_those_of_the_preview_page(tenant, analyst):
    out, _ = _run(
        "import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug, "--dry-run"
    )
    analyst.post(
        reverse("surveys:import_index", args=[tenant.study.slug]),
        {"file": SimpleUploadedFile("long.csv", read("long.csv"))},
    )
    job = ImportJob.objects.get()
    page = analyst.get(reverse("surveys:import_preview", args=[tenant.study.slug, job.pk]))

    cards = page.context["report"].created_items()
    assert [n for n, _ in cards] == [3, 5, 1, 3, 3, 4, 0, 0]
    html = page.content.decode()
    for n, what in cards:
        assert f"{n} {what}" in out
        assert f'<div class="h5 mb-0">{n}</div><div class="text-muted small">{what}</div>' in html


# Problems: once per kind and value, with example rows and the way to fix them.


def test_an_unknown_stage_on_many_rows_is_one_line_with_the_study_stages(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"P {i % 40}", stage="advice") for i in range(1551)]

    out, err, status = _failing(
        "import_evidence", _file(tmp_path, rows), "--study", tenant.study.slug
    )

    assert status == 1
    assert err == [
        "1,551 problems (rows are numbered as in the file, header rows included):",
        "- Column 'stage': unknown decision stage 'advice' in 1,551 rows (rows 2, 3, 4, 5, 6, …)"
        f"; this study's stages are: {STAGES}; map it in `values.stage`.",
    ]
    assert "Done." not in out
    assert Evidence.objects.count() == 0


def test_verbosity_2_also_lists_the_problems_row_by_row(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"P {i % 40}", stage="advice") for i in range(600)]

    _, err, _ = _failing(
        "import_evidence", _file(tmp_path, rows), "--study", tenant.study.slug, verbosity=2
    )

    listed = err[err.index("Row by row:") + 1 :]
    assert listed[0] == "  Row 2, column 'stage': unknown decision stage 'advice'; map it in " + (
        "`values.stage`."
    )
    assert len(listed) == 501  # the first 500 rows, then how many more
    assert listed[-1] == "  … and 100 more problems."


@pytest.mark.parametrize(
    ("field", "value", "what", "ours"),
    [
        ("strength", "strong", "unknown strength", "the strengths are: Minor, Notable, Decisive"),
        (
            "channel",
            "carrier pigeon",
            "unknown channel",
            "the channels are: In person, Phone or email, Event, Report or publication, "
            "Social media, Online community, Web",
        ),
        (
            "direction",
            "sideways",
            "unknown direction",
            "the directions are: Toward the client, Toward a competitor, Neutral",
        ),
        (
            "role",
            "intern",
            "unknown role in the buying group",
            "the roles in the buying group are: Decision-maker, Influencer inside the buying "
            "group, User, Gatekeeper, Procurement",
        ),
        (
            "outcome",
            "won",
            "unknown purchase outcome",
            "the purchase outcomes are: Bought from the client, Bought from a competitor, "
            "No decision",
        ),
        (
            "deal_size",
            "huge",
            "unknown deal size band",
            "the deal size bands are: Small, Medium, Large, Enterprise",
        ),
        (
            "non_person",
            "podcast",
            "unknown non-person influence",
            "the non-person influences are: Search, Vendor website, Previous experience, Events",
        ),
    ],
)
def test_an_unknown_value_of_any_field_is_one_line_with_our_names(
    tenant, tmp_path, field, value, what, ours
):
    rows = [mention_row(f"R{i}", f"P {i}") for i in range(1, 6)]
    rows[1][field] = rows[3][field] = value

    extra = [] if field in rows[0] else [field]

    _, err, _ = _failing(
        "import_evidence", _file(tmp_path, rows, extra=extra), "--study", tenant.study.slug
    )

    assert err[1:] == [
        f"- Column {field!r}: {what} {value!r} in 2 rows (rows 3, 5); {ours}; map it in "
        f"`values.{field}`."
    ]


def test_an_unknown_category_lists_the_client_categories(tenant, tmp_path):
    rows = [mention_row("R1", "Ann Lee"), mention_row("R2", "Bo Chen")]
    rows[0]["category"] = "Gurus"

    _, err, _ = _failing("import_evidence", _file(tmp_path, rows), "--study", tenant.study.slug)

    names = ", ".join(tenant.client.categories.values_list("name", flat=True))
    assert err[1:] == [
        "- Column 'category': unknown influencer category 'Gurus' in row 2; this client's "
        f"categories are: {names}; map it in `values.category`."
    ]
    assert names.startswith("Academics, Authors, Bloggers")


def test_values_that_share_a_fix_are_listed_together_with_the_fix_once(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"P {i}", stage="advice") for i in range(1, 4)]
    rows.append(mention_row("R4", "P 4", stage="gossip"))

    _, err, _ = _failing("import_evidence", _file(tmp_path, rows), "--study", tenant.study.slug)

    assert err[1:] == [
        "- Column 'stage': unknown decision stage 'advice' in 3 rows (rows 2, 3, 4)",
        "- Column 'stage': unknown decision stage 'gossip' in row 5",
        f"  For each of these 2: this study's stages are: {STAGES}; map it in `values.stage`.",
    ]


def test_empty_ids_and_bad_dates_are_grouped_too_biggest_first(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"P {i}", date="2026-01-05") for i in range(1, 7)]
    rows[1]["respondent_id"] = rows[2]["respondent_id"] = rows[3]["respondent_id"] = ""
    rows[0]["date"] = rows[4]["date"] = "2026-13-01"

    _, err, _ = _failing(
        "import_evidence", _file(tmp_path, rows, extra=["date"]), "--study", tenant.study.slug
    )

    assert err[1:] == [
        "- Column 'respondent_id': the respondent id is empty in 3 rows (rows 3, 4, 5); every "
        "row needs the id of the respondent who answered.",
        "- Column 'date': '2026-13-01' is not a date in 2 rows (rows 2, 6); write dates as "
        "YYYY-MM-DD (a time part is ignored) or DD/MM/YYYY.",
    ]


def test_new_influencers_without_a_category_are_one_line(tenant, tmp_path):
    rows = [mention_row(f"R{i}", f"Person {i}", category="") for i in range(1, 8)]

    _, err, _ = _failing("import_evidence", _file(tmp_path, rows), "--study", tenant.study.slug)

    assert err[1:] == [
        "- Column 'influencer_name': no category for the new influencers named in 7 rows (rows "
        "2, 3, 4, 5, 6, …); map a category column or give a default category."
    ]


def test_a_problem_of_the_mapping_is_said_once(tenant, tmp_path):
    path = tmp_path / "no-stage.csv"
    path.write_text("chooser_id,chosen_id\nR1,P1\nR2,P1\n")

    _, err, status = _failing("import_evidence", str(path), "--study", tenant.study.slug)

    assert status == 1
    assert err[1:] == ["- stage: map a column to the stage, or give a default stage."]


def test_import_evidence_rejects_a_bad_mapping_file(tenant, tmp_path):
    path = tmp_path / "m.json"
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        _run(
            "import_evidence",
            str(FILES / "long.csv"),
            "--study",
            tenant.study.slug,
            "--mapping",
            str(path),
        )


def test_import_evidence_unknown_study_fails():
    with pytest.raises(CommandError, match="No study") as failed:
        _run("import_evidence", str(FILES / "long.csv"), "--study", "nope")
    assert failed.value.returncode == 1


# The columns of a network survey are guessed both ways.


def test_chooser_and_chosen_columns_import_without_a_mapping(tenant, tmp_path):
    path = tmp_path / "nominations.csv"
    path.write_text(
        "chooser_id,chosen_id,stage,category\n"
        "1002,1004,Selection,Peers\n1002,1023,Selection,Peers\n1004,1023,Selection,Peers\n"
    )

    out, _ = _run("import_evidence", str(path), "--study", tenant.study.slug)

    assert "Created: 2 responses, 3 mentions of influencers, " in out
    assert "1 respondent who is also an influencer" in out  # 1004 answered and was named
    assert set(Influencer.objects.values_list("external_id", flat=True)) == {"1004", "1023"}


def test_respondent_and_influencer_columns_import_without_a_mapping(tenant, tmp_path):
    path = tmp_path / "plain.csv"
    path.write_text("respondent,influencer,stage,category\nR1,Ann Lee,Selection,Peers\n")

    out, _ = _run("import_evidence", str(path), "--study", tenant.study.slug)

    assert "Created: 1 response, 1 mention of an influencer, " in out
    assert Influencer.objects.get().name == "Ann Lee"


# The ranking the import asks for.


@pytest.mark.django_db(transaction=True)
def test_the_import_says_which_ranking_run_it_asked_for_and_that_it_was_computed(tenant):
    out, _ = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    run = RankingRun.objects.get()
    assert run.status == RankingRun.Status.SUCCEEDED  # no broker: computed at once
    assert out.splitlines()[-1] == f"Ranking run #{run.pk} computed and published."
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk


@pytest.mark.django_db(transaction=True)
def test_a_failed_ranking_is_said_but_the_import_stands(tenant, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("no weight")

    monkeypatch.setattr("identification.services.runs.rank", broken)

    out, err = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    run = RankingRun.objects.get()
    assert run.status == RankingRun.Status.FAILED
    assert "Done." in out
    assert err.splitlines() == [
        f"Ranking run #{run.pk} failed (ValueError: no weight); the evidence is imported and "
        f"the published ranking is unchanged. `manage.py rank_study {tenant.study.slug}` tries "
        "again."
    ]
    assert Evidence.objects.count() == 3


def test_with_a_broker_the_import_says_the_run_is_queued_and_how_to_follow_it(tenant, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.RANKING_AUTO_DELAY_SECONDS = 60

    out, _ = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    run = RankingRun.objects.get()
    assert (run.status, run.trigger) == (RankingRun.Status.QUEUED, RankingRun.Trigger.AUTO)
    assert out.splitlines()[-1] == (
        f"Ranking run #{run.pk} is queued on the workers (an automatic run waits 60 s for more "
        f"changes); `manage.py rank_study {tenant.study.slug} --wait` starts it now and "
        "follows it."
    )


def test_no_rank_imports_without_asking_for_a_ranking(tenant):
    out, _ = _run(
        "import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug, "--no-rank"
    )

    assert Evidence.objects.count() == 3
    assert not RankingRun.objects.exists()
    assert out.splitlines()[-1] == (
        f"No ranking asked for (--no-rank); `manage.py rank_study {tenant.study.slug}` ranks the "
        "study."
    )


def test_an_import_that_adds_nothing_asks_for_no_ranking(tenant):
    args = ("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)
    _run(*args, "--no-rank")

    out, _ = _run(*args)

    assert not RankingRun.objects.exists()
    assert "No ranking asked for (nothing new was imported)" in out


def test_without_a_broker_a_large_study_is_left_for_rank_study(tenant, settings):
    settings.RANKING_INLINE_MAX_MENTIONS = 2

    out, _ = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    assert Evidence.objects.count() == 3
    assert not RankingRun.objects.exists()
    assert out.splitlines()[-1] == (
        "No ranking asked for (no broker, and the study has more than 2 mentions to rank "
        f"inside an import); `manage.py rank_study {tenant.study.slug}` ranks the study."
    )


# Ids are per client, and the output says what they matched.


def test_a_second_study_of_the_client_matches_its_people_by_id(tenant):
    args = ("import_evidence", str(FILES / "long.csv"), "--no-rank")
    first, _ = _run(*args, "--study", tenant.study.slug)
    second = make_study(tenant.client, name="Second wave")

    out, _ = _run(*args, "--study", second.slug)

    assert "by external id" not in first
    assert (
        "Matched 1 existing influencer by external id; 3 respondents are already on file (by "
        "respondent id). Ids are per client: the same id in any of the client's studies is the "
        "same person." in out.splitlines()
    )
    assert "Names in the file: 1 matched by external id, 3 matched by name." in out
    assert "0 new respondents" in out
    assert Influencer.objects.filter(external_id="P-17").count() == 1


def test_the_same_ids_in_another_client_are_other_people(tenant):
    args = ("import_evidence", str(FILES / "long.csv"), "--no-rank")
    _run(*args, "--study", tenant.study.slug)
    elsewhere = make_study(make_client("Globex"), name="Globex study")

    out, _ = _run(*args, "--study", elsewhere.slug)

    assert "by external id" not in out
    assert "3 new respondents" in out
    assert Influencer.objects.filter(external_id="P-17").count() == 2


def test_unattended_import_puts_near_matches_in_the_review_queue(tenant, tmp_path):
    InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    path = tmp_path / "near.csv"
    path.write_bytes(long_csv([mention_row("R1", "Kathy Johnson")]))
    out, _ = _run("import_evidence", str(path), "--study", tenant.study.slug)
    assert "Names in the file: 1 close to a known name." in out
    assert (
        "1 new influencer is close to a known name: to review (provisional, with a name review "
        "each)." in out
    )
    assert NameReview.objects.get().provisional_influencer.provisional


def test_import_evidence_lists_respondents_skipped_as_already_imported(tenant):
    args = ("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)
    _run(*args)

    out, _ = _run(*args)

    assert "Skipped 3 respondents already imported into this study: R1, R2, R3." in out
    assert Evidence.objects.count() == 3


def test_import_evidence_prints_a_warning_for_a_respondent_on_file_with_other_details(
    tenant, tmp_path
):
    _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)
    second = make_study(tenant.client, name="Second wave")
    path = tmp_path / "wave2.csv"
    path.write_bytes(long_csv([mention_row("R1", "Ann Lee", organization="Omega Telecom")]))

    out, _ = _run("import_evidence", str(path), "--study", second.slug)

    assert (
        "Row 2, column 'respondent_id': Respondent R1 is already on file as Acme Bank, "
        "decision-maker; the file's Omega Telecom was not applied." in out
    )
    assert "Done." in out


def test_import_evidence_has_no_browser_upload_limit(tenant, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10

    out, _ = _run("import_evidence", str(FILES / "long.csv"), "--study", tenant.study.slug)

    assert "Created: 3 responses, " in out
    assert Evidence.objects.count() == 3
