"""Runs and rankings through the API: trigger, status, filters, ordering, pages and CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from identification.models import NameReview, RankingEntry, RankingRun
from identification.models.choices import Family, Role
from identification.services.runs import publish_run
from tests.factories import InfluencerFactory
from tests.identification.api.conftest import token_client


def _run(study, rows, **fields):
    """A succeeded, published run whose entries are (name, category, mode, direction, reach)."""
    run = RankingRun.objects.create(study=study, status=RankingRun.Status.SUCCEEDED, **fields)
    for rank, (name, category, mode, direction, reach) in enumerate(rows, start=1):
        influencer = InfluencerFactory(client=study.client, name=name, category=category)
        RankingEntry.objects.create(
            run=run,
            influencer=influencer,
            influencer_name=name,
            rank=rank,
            score=1.0 / rank,
            reach_respondents=reach,
            reach_organizations=reach,
            mode=mode,
            direction=direction,
            rank_low=rank,
            rank_high=rank + 1,
            stage_scores={"Solution scoping": 0.25 * rank, "Selection": 0.5},
        )
    publish_run(run=run)
    return run


@pytest.fixture
def ranked(tenant):
    cats = {c.family: c for c in tenant.client.categories.order_by("order")}
    rows = [
        ("Ada", cats[Family.ANALYST], "offline", "advocate", 9),
        ('=HYPERLINK("http://x")', cats[Family.MEDIA], "online", "neutral", 5),
        ("Bob", cats[Family.MEDIA], "hybrid", "detractor", 3),
        ("-Cy", cats[Family.PEER], "offline", "neutral", 1),
    ]
    return _run(tenant.study, rows)


def _get(api, url):
    response = api.get(url)
    assert response.status_code == 200, response.content
    return response


def _names(response):
    return [e["name"] for e in response.json()["results"]]


def test_the_published_ranking_filters_and_orders(tenant, ranked):
    api = token_client(tenant.users[Role.VIEWER])
    url = f"/api/v1/studies/{tenant.study.slug}/ranking/"
    assert _names(_get(api, url))[0] == "Ada"
    assert _names(_get(api, url + "?family=media")) == ['=HYPERLINK("http://x")', "Bob"]
    assert _names(_get(api, url + "?mode=offline")) == ["Ada", "-Cy"]
    assert _names(_get(api, url + "?direction=detractor")) == ["Bob"]
    assert _names(_get(api, url + "?min_reach=4")) == ["Ada", '=HYPERLINK("http://x")']
    assert _names(_get(api, url + "?ordering=-rank"))[0] == "-Cy"
    assert _names(_get(api, url + "?ordering=name"))[0] == "-Cy"
    category = ranked.entries.get(rank=1).influencer.category_id
    assert _names(_get(api, url + f"?category={category}")) == ["Ada"]
    page = _get(api, url + "?page_size=2&page=2").json()
    assert page["count"] == 4
    assert [e["rank"] for e in page["results"]] == [3, 4]
    assert api.get(url + "?mode=everywhere").status_code == 400
    assert api.get(url + "?page_size=5000").status_code == 400


def test_an_entry_still_under_review_is_marked_unreviewed(tenant, ranked):
    entry = ranked.entries.get(rank=3)
    NameReview.objects.create(
        client=tenant.client, name="Bob", provisional_influencer=entry.influencer
    )
    api = token_client(tenant.users[Role.VIEWER])
    results = _get(api, f"/api/v1/studies/{tenant.study.slug}/ranking/").json()["results"]
    assert [e["unreviewed"] for e in results] == [False, False, True, False]


def test_the_whole_ranking_streams_as_csv_with_escaped_text(tenant, ranked):
    api = token_client(tenant.users[Role.VIEWER])
    url = f"/api/v1/studies/{tenant.study.slug}/ranking/"
    by_format = api.get(url + "?format=csv")
    by_accept = api.get(url, HTTP_ACCEPT="text/csv")
    for response in (by_format, by_accept):
        assert response.status_code == 200
        assert response.streaming
        assert response["Content-Type"].startswith("text/csv")
    name = f"influencer50-{tenant.study.slug}-run-{ranked.pk}-ranking.csv"
    assert by_format["Content-Disposition"] == f'attachment; filename="{name}"'
    text = b"".join(by_format.streaming_content).decode()
    rows = list(csv.DictReader(io.StringIO(text)))
    header = list(rows[0])
    assert header[:13] == [
        "rank", "rank_low", "rank_high", "external_id", "name", "category", "family", "mode",
        "direction", "score", "reach_respondents", "reach_organizations", "unreviewed",
    ]  # fmt: skip
    assert "score_solution_scoping" in header
    assert "score_selection" in header
    assert [r["name"] for r in rows] == ["Ada", '\'=HYPERLINK("http://x")', "Bob", "'-Cy"]
    assert rows[1]["score"] == "0.5"
    assert rows[2]["score_solution_scoping"] == "0.75"
    # Filters apply to the file as to the pages.
    filtered = b"".join(api.get(url + "?format=csv&family=media").streaming_content).decode()
    assert len(filtered.strip().splitlines()) == 3


def test_errors_asked_for_as_csv_come_back_as_json(tenant):
    api = token_client(tenant.users[Role.VIEWER])
    response = api.get(f"/api/v1/studies/{tenant.study.slug}/ranking/?format=csv")
    assert response.status_code == 404
    assert response.json()["detail"] == "This study has no published ranking yet."


def test_a_given_runs_ranking_and_a_run_without_one(tenant, ranked):
    api = token_client(tenant.users[Role.VIEWER])
    base = f"/api/v1/studies/{tenant.study.slug}/runs/"
    assert _names(_get(api, f"{base}{ranked.pk}/ranking/"))[0] == "Ada"
    failed = RankingRun.objects.create(study=tenant.study, status=RankingRun.Status.FAILED)
    assert api.get(f"{base}{failed.pk}/ranking/").status_code == 404
    detail = _get(api, f"{base}{ranked.pk}/").json()
    assert detail["published"] is True
    assert detail["status"] == "succeeded"
    assert [r["id"] for r in _get(api, base).json()["results"]] == [failed.pk, ranked.pk]


def test_posting_a_run_starts_one_or_returns_the_active_run(
    tenant, django_capture_on_commit_callbacks
):
    api = token_client(tenant.users[Role.MARKETING_HEAD])
    url = f"/api/v1/studies/{tenant.study.slug}/runs/"
    with django_capture_on_commit_callbacks(execute=False):
        first = api.post(url)
    assert first.status_code == 201
    run = first.json()
    assert run["status"] == "queued"
    assert run["trigger"] == "api"
    assert first["Location"].endswith(f"{url}{run['id']}/")
    again = api.post(url)
    assert again.status_code == 202
    assert again.json()["id"] == run["id"]
    assert tenant.study.runs.count() == 1


@pytest.mark.parametrize("size", [10, 100])
def test_a_page_of_the_ranking_takes_a_fixed_number_of_queries(tenant, size):
    cats = list(tenant.client.categories.all()[:3])
    rows = [(f"P{i}", cats[i % 3], "offline", "neutral", i) for i in range(size)]
    _run(tenant.study, rows)
    api = token_client(tenant.users[Role.VIEWER])
    url = f"/api/v1/studies/{tenant.study.slug}/ranking/?page_size=100"
    api.get(url)  # the token's last use is written on the first call only
    with CaptureQueriesContext(connection) as queries:
        assert len(_get(api, url).json()["results"]) == size
    # token, study (with its published run), membership, count, entries page
    assert len(queries) <= 5, [q["sql"] for q in queries]
