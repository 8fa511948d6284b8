"""The sample files offered on the import page import cleanly with their documented mapping,
and the preview speaks the user's words and shows the first rows as they will be written."""

import json
from pathlib import Path

import pandas as pd
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from identification.models import Evidence, Mention, NonPersonInfluence
from surveys.imports.reading import read_table
from surveys.models import ImportJob
from surveys.services.imports import import_file
from surveys.views.imports import SAMPLE_FILES
from tests.factories import InfluencerFactory
from tests.surveys.helpers import long_csv, mention_row

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "surveys" / "samples"
WIDE_MAPPING = json.loads((SAMPLES / "sample-wide-mapping.json").read_text())


def _sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def test_the_long_sample_imports_with_the_mapping_guessed_from_its_header(tenant):
    report = import_file(study=tenant.study, content=_sample("sample-long.csv"), filename="s.csv")

    assert report.ok, report.problem_lines()
    assert report.layout == "long"
    assert report.created["evidence"] == 3
    assert Mention.objects.count() == 6
    assert NonPersonInfluence.objects.get().source == "search"
    quote = Mention.objects.get(influencer__name="Maria García").quote
    assert quote == "Her market guide framed the whole project."


@pytest.mark.parametrize("name", ["sample-wide.csv", "sample-wide.xlsx"])
def test_the_wide_samples_import_with_their_documented_mapping(tenant, name):
    report = import_file(
        study=tenant.study, content=_sample(name), filename=name, mapping=WIDE_MAPPING
    )

    assert report.ok, report.problem_lines()
    assert report.created["evidence"] == 3
    stages = set(Mention.objects.values_list("stage__name", flat=True))
    assert stages == {
        "Problem identification",
        "Solution scoping",
        "Supplier shortlisting",
        "Selection",
    }
    assert set(NonPersonInfluence.objects.values_list("source", flat=True)) == {
        "vendor_website",
        "search",
    }


def test_the_xlsx_sample_holds_what_the_wide_csv_holds():
    csv = read_table(content=_sample("sample-wide.csv"), filename="s.csv", max_bytes=None)
    xlsx = read_table(content=_sample("sample-wide.xlsx"), filename="s.xlsx", max_bytes=None)
    pd.testing.assert_frame_equal(csv, xlsx)


def test_the_import_page_offers_every_sample_for_download(tenant, analyst):
    page = analyst.get(reverse("surveys:import_index", args=[tenant.study.slug])).content.decode()
    for name in SAMPLE_FILES:
        url = reverse("surveys:import_sample", args=[name])
        assert f'href="{url}"' in page
        response = analyst.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == _sample(name)
        assert response["Content-Disposition"] == f'attachment; filename="{name}"'


def test_an_unknown_sample_is_404(analyst):
    assert analyst.get(reverse("surveys:import_sample", args=["settings.py"])).status_code == 404
    assert analyst.get("/imports/samples/..%2F..%2Fmanage.py").status_code == 404


def test_a_sample_uploaded_as_it_is_previews_and_imports(tenant, analyst):
    index = reverse("surveys:import_index", args=[tenant.study.slug])
    analyst.post(index, {"file": SimpleUploadedFile("sample-long.csv", _sample("sample-long.csv"))})
    job = ImportJob.objects.get()
    preview = reverse("surveys:import_preview", args=[tenant.study.slug, job.pk])
    assert analyst.get(preview).context["report"].ok
    analyst.post(preview, {})
    assert Evidence.objects.count() == 3


INTERNAL_WORDS = (
    "nonperson",
    "non_person",
    "buyerlinks",
    "buyer_links",
    "provisional",
    "external_id",
    "fuzzy",
)


def test_the_preview_speaks_the_users_words_and_shows_the_first_rows(tenant, analyst):
    InfluencerFactory(client=tenant.client, name="Tom Baker")
    InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    rows = [
        mention_row("R1", "Tom Baker", quote="He ran the same selection."),
        mention_row("R1", "Kathy Johnson", stage="Solution scoping"),
        mention_row("R2", "Ann Lee"),
        mention_row("R2", "Search", stage="Problem identification"),
    ]
    index = reverse("surveys:import_index", args=[tenant.study.slug])
    analyst.post(index, {"file": SimpleUploadedFile("x.csv", long_csv(rows, extra=["quote"]))})
    job = ImportJob.objects.get()

    html = analyst.get(reverse("surveys:import_preview", args=[tenant.study.slug, job.pk]))
    text = html.content.decode()

    for word in INTERNAL_WORDS:
        assert word not in text.lower().replace('name="d_', ""), word
    report = html.context["report"]
    created = {label: n for n, label in report.created_items()}
    assert created["responses"] == 2
    assert created["mentions of influencers"] == 3
    assert created["other influence (search, website…)"] == 1
    assert created["new respondents"] == 2
    assert created["new influencers"] == 2
    for label in created:
        assert f'<div class="text-muted small">{label}</div>' in text, label
    for words in (
        "How the names in the file were matched to the registry: <strong>1</strong> matched "
        "by name, <strong>1</strong> close to a known name, <strong>1</strong> new to the "
        "registry.",
        "1 of the new influencers is close to a name already known",
    ):
        assert words in text, words
    sample = html.context["report"].sample
    assert [(s["row"], s["as_written"], s["influencer"], s["status"]) for s in sample] == [
        (2, "Tom Baker", "Tom Baker", "known"),
        (3, "Kathy Johnson", "Kathy Johnson", "review"),
        (4, "Ann Lee", "Ann Lee", "new"),
        (4, "Search", "Search", "source"),
    ]
    assert sample[0]["stage"] == "Selection"
    assert sample[0]["strength"] == "Notable"
    assert "He ran the same selection." in text
    assert "close to “Katherine Johnson”" in text


def _queries_of(analyst, tenant, rows: int) -> dict:
    content = long_csv([mention_row(f"R{i}", f"Person {i}") for i in range(rows)])
    index = reverse("surveys:import_index", args=[tenant.study.slug])
    analyst.post(index, {"file": SimpleUploadedFile("x.csv", content)})
    job = ImportJob.objects.latest("pk")
    counts = {}
    for name in ("import_mapping", "import_preview"):
        url = reverse(f"surveys:{name}", args=[tenant.study.slug, job.pk])
        with CaptureQueriesContext(connection) as queries:
            assert analyst.get(url).status_code == 200
        counts[name] = len(queries)
    return counts


def test_the_mapping_and_preview_pages_ask_as_many_queries_for_5_rows_as_for_60(tenant, analyst):
    small = _queries_of(analyst, tenant, 5)
    large = _queries_of(analyst, tenant, 60)
    assert small == large
    assert max(large.values()) <= 30
