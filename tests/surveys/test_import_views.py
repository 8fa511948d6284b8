"""Importing through the browser: upload, map, preview, import, follow the job."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from identification.models import Evidence, Mention, NameReview
from identification.models.choices import Role
from surveys.models import ImportJob, SavedMapping
from surveys.services.imports import import_file
from tests.factories import InfluencerFactory, make_study
from tests.surveys.helpers import long_csv, mention_row, read

pytestmark = pytest.mark.django_db


def _url(name, study, *args):
    return reverse(f"surveys:{name}", args=[study.slug, *args])


def _upload(http, study, content, name="export.csv", **extra):
    return http.post(
        _url("import_index", study),
        {"file": SimpleUploadedFile(name, content), **extra},
    )


def _initial(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        data[name] = "" if value is None else value
    return data


def test_wide_export_imports_through_the_browser(tenant, analyst):
    study = tenant.study
    response = _upload(analyst, study, read("wide_export.csv"))
    job = ImportJob.objects.get()
    assert response.url == _url("import_mapping", study, job.pk)

    page = analyst.get(response.url)
    assert page.status_code == 200
    form = page.context["form"]
    data = _initial(form)
    labels = {form[f].label: f for f in form.fields if f.startswith("val_")}
    data[labels["Decision stage: “Q3”"]] = "Solution scoping"
    data[labels["Decision stage: “Q4”"]] = "Supplier shortlisting"
    data["def_category"] = "Peers"
    data["preview"] = "1"
    response = analyst.post(page.request["PATH_INFO"], data)
    assert response.url == _url("import_preview", study, job.pk)

    preview = analyst.get(response.url)
    assert preview.context["report"].ok, preview.context["report"].problem_lines()
    assert preview.context["report"].created["evidence"] == 3
    assert Evidence.objects.count() == 0  # a preview writes nothing

    done = analyst.post(response.url, {})
    job.refresh_from_db()
    assert done.url == _url("import_job", study, job.pk)
    assert job.status == ImportJob.Status.SUCCEEDED
    assert Evidence.objects.count() == 3
    assert Mention.objects.filter(stage__name="Supplier shortlisting").count() == 2
    result = analyst.get(done.url)
    assert b"Influencers created" in result.content
    assert b"Priya Shah" in result.content


def test_bad_file_is_refused_on_upload_and_nothing_is_kept(tenant, analyst):
    response = _upload(analyst, tenant.study, "id,name\nR1,Müller\n".encode("latin-1"))
    assert response.status_code == 200
    assert "not UTF-8" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_empty_upload_is_refused(tenant, analyst):
    response = _upload(analyst, tenant.study, b"")
    assert response.status_code == 200
    assert not ImportJob.objects.exists()


def test_file_over_the_upload_limit_is_refused(tenant, analyst, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    response = _upload(analyst, tenant.study, read("long.csv"))
    assert "the limit is" in response.content.decode()
    assert "manage.py import_evidence" in response.content.decode()  # the way round it
    assert not ImportJob.objects.exists()


def test_preview_lists_problems_by_row_and_column_and_import_writes_nothing(tenant, analyst):
    rows = [mention_row(f"R{i}", f"Person {i}") for i in range(1, 10)]
    rows[6]["stage"] = "Lunch"
    _upload(analyst, tenant.study, long_csv(rows))
    job = ImportJob.objects.get()

    preview = analyst.get(_url("import_preview", tenant.study, job.pk))
    html = preview.content.decode()
    assert '<td class="num">8</td><td><code>stage</code></td>' in html  # the file's row
    assert "unknown decision stage &#x27;Lunch&#x27;" in html
    assert "Import 9" not in html

    analyst.post(_url("import_preview", tenant.study, job.pk), {})
    assert Evidence.objects.count() == 0
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DRAFT


def test_near_match_can_be_settled_in_the_preview(tenant, analyst):
    known = InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    _upload(analyst, tenant.study, long_csv([mention_row("R1", "Kathy Johnson")]))
    job = ImportJob.objects.get()
    url = _url("import_preview", tenant.study, job.pk)
    preview = analyst.get(url)
    assert preview.context["report"].near[0]["candidates"][0]["id"] == known.pk

    analyst.post(url, {"d_0": str(known.pk)})

    assert Mention.objects.get().influencer == known
    assert not NameReview.objects.exists()


def test_saved_mapping_is_downloadable_and_reused_on_the_next_upload(tenant, analyst):
    mapping = read("wide_mapping.json")
    _upload(
        analyst,
        tenant.study,
        read("wide_export.csv"),
        mapping_file=SimpleUploadedFile("m.json", mapping),
    )
    job = ImportJob.objects.get()
    assert job.mapping == json.loads(mapping)
    analyst.post(_url("job_mapping_save", tenant.study, job.pk), {"name": "Qualtrics HR"})
    saved = SavedMapping.objects.get(client=tenant.client, name="Qualtrics HR")

    download = analyst.get(_url("mapping_download", tenant.study, saved.pk))
    assert json.loads(download.content) == json.loads(mapping)
    assert download["Content-Disposition"].startswith("attachment")

    _upload(analyst, tenant.study, read("wide_export.csv"), saved_mapping=saved.pk)
    assert ImportJob.objects.latest("pk").mapping == json.loads(mapping)


def test_bad_mapping_file_is_refused_with_its_problems(tenant, analyst):
    response = _upload(
        analyst,
        tenant.study,
        read("long.csv"),
        mapping_file=SimpleUploadedFile("m.json", b'{"layout": "diagonal"}'),
    )
    assert "layout must be" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_large_file_runs_as_a_background_job_with_progress(
    tenant, analyst, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    _upload(analyst, tenant.study, read("long.csv"))
    job = ImportJob.objects.get()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        analyst.post(_url("import_preview", tenant.study, job.pk), {})
    assert len(callbacks) >= 1
    job.refresh_from_db()
    assert job.status == ImportJob.Status.SUCCEEDED
    assert job.progress == 100
    assert job.result["created"]["evidence"] == 3
    assert "job" in job.timings
    progress = analyst.get(_url("import_progress", tenant.study, job.pk))
    assert progress["HX-Refresh"] == "true"


def test_job_page_shows_the_progress_bar_while_queued(tenant, analyst, settings):
    settings.IMPORT_BACKGROUND_ROWS = 2
    _upload(analyst, tenant.study, read("long.csv"))
    job = ImportJob.objects.get()
    analyst.post(_url("import_preview", tenant.study, job.pk), {})  # on_commit not run here
    job.refresh_from_db()
    assert job.status == ImportJob.Status.QUEUED
    page = analyst.get(_url("import_job", tenant.study, job.pk))
    assert b'role="progressbar"' in page.content
    assert b'hx-trigger="every 1s"' in page.content


def test_import_pages_answer_404_to_another_client(tenant, other):
    job = ImportJob.objects.create(study=tenant.study, filename="x.csv", content=b"a\n1\n")
    http = other.http(Role.ANALYST)
    for url in (
        _url("import_index", tenant.study),
        _url("import_mapping", tenant.study, job.pk),
        _url("import_preview", tenant.study, job.pk),
        _url("import_job", tenant.study, job.pk),
        _url("job_mapping_download", tenant.study, job.pk),
    ):
        assert http.get(url).status_code == 404, url


def test_import_pages_are_for_analysts_only(tenant):
    http = tenant.http(Role.VIEWER)
    assert http.get(_url("import_index", tenant.study)).status_code == 403
    response = _upload(http, tenant.study, read("long.csv"))
    assert response.status_code == 403
    assert not ImportJob.objects.exists()


def test_import_index_lists_jobs_in_a_bounded_number_of_queries(
    tenant, analyst, django_assert_max_num_queries
):
    for i in range(5):
        ImportJob.objects.create(
            study=tenant.study,
            filename=f"f{i}.csv",
            content=b"",
            created_by=tenant.users["analyst"],
        )
    SavedMapping.objects.create(client=tenant.client, name="m", document={"layout": "long"})
    with django_assert_max_num_queries(12):
        response = analyst.get(_url("import_index", tenant.study))
    assert response.content.decode().count(".csv</a>") == 5


def test_preview_says_prominently_which_respondents_were_already_imported(tenant, analyst):
    import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")
    _upload(analyst, tenant.study, read("long.csv"))
    job = ImportJob.objects.get()

    html = analyst.get(_url("import_preview", tenant.study, job.pk)).content.decode()

    assert 'id="skipped"' in html
    assert "All 3 respondents in this file were already imported into this study" in html
    assert "R1, R2, R3" in html


def test_preview_shows_respondents_on_file_with_other_details_as_warnings(tenant, analyst):
    import_file(study=tenant.study, content=read("long.csv"), filename="long.csv")
    second = make_study(tenant.client, name="Second wave")
    row = mention_row("R1", "Ann Lee", organization="Omega Telecom", role="user")
    _upload(analyst, second, long_csv([row]))
    job = ImportJob.objects.get()

    html = analyst.get(_url("import_preview", second, job.pk)).content.decode()

    assert 'id="warnings"' in html
    assert "Respondent R1 is already on file as Acme Bank, decision-maker; the file&#x27;s " in html
    assert "Omega Telecom, user was not applied." in html
    assert "Import 1 respondent" in html  # a warning does not block the import


def test_preview_groups_the_problems_and_keeps_every_row_in_a_detail(tenant, analyst):
    rows = [mention_row(f"R{i}", f"Person {i}", stage="advice") for i in range(1, 31)]
    rows[6]["stage"] = "Lunch"
    _upload(analyst, tenant.study, long_csv(rows))
    job = ImportJob.objects.get()

    html = analyst.get(_url("import_preview", tenant.study, job.pk)).content.decode()

    groups = html[
        html.index('id="problem-groups"') : html.index("</ul>", html.index("problem-groups"))
    ]
    assert (
        "<li><strong>Column &#x27;stage&#x27;</strong>: unknown decision stage &#x27;advice&#x27; "
        "in 29 rows (rows 2, 3, 4, 5, 6, …).</li>" in groups
    )
    assert "unknown decision stage &#x27;Lunch&#x27; in row 8.</li>" in groups
    assert "For each of these 2: this study&#x27;s stages are: Problem identification," in groups
    # The row-by-row detail is still there, under the groups.
    detail = html[html.index("<details><summary>Every problem, row by row") :]
    assert '<td class="num">8</td><td><code>stage</code></td>' in detail
    assert detail.count("<td><code>stage</code></td>") == 30


def test_preview_says_which_people_the_ids_matched_in_the_client(tenant, analyst):
    import_file(study=tenant.study, content=read("long.csv"), filename="w1.csv")
    second = make_study(tenant.client, name="Second wave")
    _upload(analyst, second, read("long.csv"))
    job = ImportJob.objects.get()

    html = analyst.get(_url("import_preview", second, job.pk)).content.decode()

    assert (
        '<p id="ids">Matched 1 existing influencer by external id; 3 respondents are already on '
        "file (by respondent id). Ids are per client: the same id in any of the client&#x27;s "
        "studies is the same person.</p>" in html
    )
    assert "<strong>1</strong> matched by external id" in html


def test_the_job_page_names_the_ranking_run_the_import_asked_for(tenant, analyst):
    _upload(analyst, tenant.study, read("long.csv"))
    job = ImportJob.objects.get()
    analyst.post(_url("import_preview", tenant.study, job.pk), {})
    job.refresh_from_db()
    run = tenant.study.runs.get()

    html = analyst.get(_url("import_job", tenant.study, job.pk)).content.decode()

    assert job.result["ranking_run"] == run.pk
    assert f"The import asked for a new ranking: run #{run.pk}" in html
