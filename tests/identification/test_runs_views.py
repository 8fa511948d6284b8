"""Pages of ranking runs: the compute button and its panel, the ranking, entries, past runs."""

import pytest
from django.urls import reverse
from django.utils import timezone

from identification.models import PaidTie, RankingRun
from identification.models.choices import Role
from identification.services import runs
from tests.factories import InfluencerFactory
from tests.identification.test_runs import small_market

Status = RankingRun.Status


@pytest.fixture
def published(tenant):
    """The tenant's study with a small market and a published run."""
    small_market(tenant.study)
    run = runs.execute_run(run_id=RankingRun.objects.create(study=tenant.study).pk)
    assert run.status == Status.SUCCEEDED, run.error
    return run


def url(name, study, **kwargs):
    return reverse(f"identification:{name}", kwargs={"slug": study.slug, **kwargs})


@pytest.mark.parametrize("role", [Role.ANALYST, Role.MARKETING_HEAD])
def test_analysts_and_marketing_heads_see_the_compute_button(tenant, role):
    page = tenant.http(role).get(url("run_list", tenant.study))
    assert page.status_code == 200
    assert b"Compute ranking" in page.content


@pytest.mark.parametrize("role", [Role.ENGAGEMENT_OWNER, Role.VIEWER])
def test_other_roles_see_no_compute_button_and_cannot_post(tenant, role):
    http = tenant.http(role)
    assert b"Compute ranking" not in http.get(url("run_list", tenant.study)).content
    assert http.post(url("compute_ranking", tenant.study)).status_code == 403
    assert not tenant.study.runs.exists()


def test_compute_button_runs_the_ranking_and_redirects_back(
    tenant, django_capture_on_commit_callbacks
):
    small_market(tenant.study)
    back = url("ranking", tenant.study)
    with django_capture_on_commit_callbacks(execute=True):
        response = tenant.http(Role.MARKETING_HEAD).post(
            url("compute_ranking", tenant.study), {"next": back}
        )
    assert response.status_code == 302
    assert response.url == back
    run = tenant.study.runs.get()
    assert run.status == Status.SUCCEEDED, run.error
    assert run.requested_by == tenant.users[Role.MARKETING_HEAD]
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk


def test_compute_button_ignores_a_next_url_on_another_host(tenant):
    response = tenant.http(Role.ANALYST).post(
        url("compute_ranking", tenant.study), {"next": "https://evil.example/"}
    )
    assert response.url == url("run_list", tenant.study)


def test_compute_button_through_htmx_answers_with_the_polling_panel(tenant):
    response = tenant.http(Role.ANALYST).post(
        url("compute_ranking", tenant.study), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="ranking-panel"' in html
    assert 'hx-trigger="every 2s"' in html
    assert "queued" in html
    assert "<html" not in html


def test_panel_polls_while_a_run_is_active_with_a_refresh_link(tenant):
    RankingRun.objects.create(
        study=tenant.study, status=Status.RUNNING, progress=42, started_at=timezone.now()
    )
    html = tenant.http(Role.VIEWER).get(url("ranking_panel", tenant.study)).content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert 'aria-valuenow="42"' in html
    assert "Refresh</a>" in html


def test_panel_stops_polling_and_shows_the_summary_when_done(tenant, published):
    html = tenant.http(Role.VIEWER).get(url("ranking_panel", tenant.study)).content.decode()
    assert "hx-trigger" not in html
    assert f"run #{published.pk}" in html
    assert "12 mentions" in html
    assert "too little evidence to judge" in html


def test_panel_shows_a_failed_runs_error_beside_the_published_run(tenant, published):
    RankingRun.objects.create(
        study=tenant.study,
        status=Status.FAILED,
        error="ValueError: unknown mention channel ['fax']",
        finished_at=timezone.now(),
    )
    html = tenant.http(Role.VIEWER).get(url("ranking_panel", tenant.study)).content.decode()
    assert "failed" in html
    assert "unknown mention channel" in html
    assert f"still run #{published.pk}" in html


def test_run_list_without_javascript_refreshes_while_a_run_is_active(tenant):
    RankingRun.objects.create(study=tenant.study, status=Status.QUEUED)
    html = tenant.http(Role.VIEWER).get(url("run_list", tenant.study)).content.decode()
    assert '<noscript><meta http-equiv="refresh"' in html


def test_run_list_shows_past_runs_with_status_and_timings(tenant, published):
    RankingRun.objects.create(study=tenant.study, status=Status.FAILED, error="boom")
    html = tenant.http(Role.VIEWER).get(url("run_list", tenant.study)).content.decode()
    assert "Succeeded" in html
    assert "published" in html
    assert "boom" in html
    assert f"{published.timings['total']:.2f}" in html


def test_ranking_page_lists_the_published_runs_entries(tenant, published):
    key = published.entries.get(rank=1).influencer
    PaidTie.objects.create(influencer=key, vendor="Rival HR", nature="advisory board")
    html = tenant.http(Role.VIEWER).get(url("ranking", tenant.study)).content.decode()
    assert "Key Person" in html
    assert "paid ties" in html
    assert "Rival HR" in html
    assert html.index("Key Person") < html.index("Tail 0")
    top = published.entries.get(rank=1)
    assert f"{top.score * 100:.1f}%" in html
    assert f"{top.rank_low}–{top.rank_high}" in html


def test_ranking_page_without_a_published_run_says_so(tenant):
    html = tenant.http(Role.VIEWER).get(url("ranking", tenant.study)).content.decode()
    assert "No ranking has been published" in html


def test_ranking_page_query_count_does_not_grow_with_entries(
    tenant, published, django_assert_max_num_queries
):
    for influencer in InfluencerFactory.create_batch(3, client=tenant.client):
        PaidTie.objects.create(influencer=influencer, vendor="Rival", nature="retainer")
    http = tenant.http(Role.VIEWER)
    with django_assert_max_num_queries(8):
        assert http.get(url("ranking", tenant.study)).status_code == 200


def test_run_list_query_count_is_bounded(tenant, published, django_assert_max_num_queries):
    for _ in range(5):
        RankingRun.objects.create(
            study=tenant.study, status=Status.FAILED, requested_by=tenant.users["analyst"]
        )
    http = tenant.http(Role.ANALYST)
    with django_assert_max_num_queries(12):
        assert http.get(url("run_list", tenant.study)).status_code == 200


def test_entry_page_explains_the_score(tenant, published):
    top = published.entries.get(rank=1)
    html = tenant.http(Role.VIEWER).get(url("ranking_entry", tenant.study, entry_id=top.pk))
    html = html.content.decode()
    assert "Key Person" in html
    assert "Selection" in html
    assert "Decision-maker" in html
    assert "trusted her shortlist" in html
    assert "Social media" not in html  # Key Person was only ever named in person
    assert "In person" in html


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("ranking", "get"),
        ("run_list", "get"),
        ("ranking_panel", "get"),
        ("compute_ranking", "post"),
    ],
)
def test_other_clients_users_get_404(tenant, other, name, method):
    http = other.http(Role.ANALYST)
    response = getattr(http, method)(url(name, tenant.study))
    assert response.status_code == 404
    assert not tenant.study.runs.exists()


def test_other_clients_users_get_404_for_an_entry(tenant, other, published):
    entry = published.entries.first()
    response = other.http(Role.ANALYST).get(url("ranking_entry", tenant.study, entry_id=entry.pk))
    assert response.status_code == 404


def test_an_entry_of_another_study_is_404_under_this_study(tenant, other, published):
    entry = published.entries.first()
    response = other.http(Role.ANALYST).get(url("ranking_entry", other.study, entry_id=entry.pk))
    assert response.status_code == 404


def test_anonymous_users_are_sent_to_log_in(tenant):
    from django.test import Client

    response = Client().get(url("ranking", tenant.study))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


def test_study_page_shows_the_ranking_panel_and_the_button_returns_to_it(
    tenant, django_capture_on_commit_callbacks
):
    small_market(tenant.study)
    http = tenant.http(Role.ANALYST)
    study_url = reverse("identification:study", args=[tenant.study.slug])
    page = http.get(study_url).content.decode()
    assert 'id="ranking-panel"' in page
    assert "Compute ranking" in page
    assert f'name="next" value="{study_url}"' in page
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(url("compute_ranking", tenant.study), {"next": study_url})
    assert response.url == study_url
    assert "See the ranking" in http.get(study_url).content.decode()
