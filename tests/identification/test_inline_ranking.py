"""A save never waits for a ranking: without a broker, only a small study ranks on save.

Below RANKING_INLINE_MAX_MENTIONS an interview or an import computes the ranking in the
request (tasks run eagerly); above it nothing is computed, the changes are counted, and
the study page says the published ranking is out of date since N changes, with a button.
"""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse

from identification.models import RankingRun
from identification.models.choices import Role
from identification.services import runs
from identification.services.evidence import MentionInput, record_interview
from surveys.services.imports import import_file
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory
from tests.surveys.helpers import long_csv, mention_row

LIMIT = 5


@pytest.fixture
def published(tenant, settings):
    """A study of exactly LIMIT mentions with a published ranking that has seen them all."""
    settings.RANKING_INLINE_MAX_MENTIONS = LIMIT
    evidence = EvidenceFactory(study=tenant.study)
    for _ in range(LIMIT):
        MentionFactory(evidence=evidence)
    run = runs.compute_now(study=tenant.study)
    assert run.status == RankingRun.Status.SUCCEEDED, run.error
    tenant.study.refresh_from_db()
    return run


def _interview(tenant, *, mentions: int):
    influencer = InfluencerFactory(client=tenant.client)
    stage = tenant.study.stages.first()
    return record_interview(
        study=tenant.study,
        user=tenant.users[Role.ANALYST],
        buyer=BuyerFactory(client=tenant.client),
        collected_on=dt.date(2026, 10, 2),
        mentions=[MentionInput(stage=stage, influencer=influencer) for _ in range(mentions)],
    )


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """`with committed():` runs what a save queues on commit (the eager task), as a request."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def _panel(tenant, role=Role.ANALYST) -> str:
    response = tenant.http(role).get(reverse("identification:study", args=[tenant.study.slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_a_study_at_the_limit_ranks_on_save(tenant, published, committed):
    # LIMIT mentions now: the interview that adds none keeps the study at the limit.
    with committed():
        _interview(tenant, mentions=0)
    tenant.study.refresh_from_db()
    newest = tenant.study.runs.order_by("-pk").first()
    assert newest.pk != published.pk
    assert newest.status == RankingRun.Status.SUCCEEDED
    assert tenant.study.published_run_id == newest.pk
    assert newest.evidence_changes == tenant.study.evidence_changes == 1
    assert "out of date" not in _panel(tenant)


def test_above_the_limit_a_save_computes_nothing_and_the_page_says_so(tenant, published, committed):
    with committed():
        _interview(tenant, mentions=1)  # LIMIT + 1 mentions
        _interview(tenant, mentions=1)
    tenant.study.refresh_from_db()
    assert list(tenant.study.runs.values_list("pk", flat=True)) == [published.pk]
    assert tenant.study.evidence_changes == 2
    html = _panel(tenant)
    assert "The published ranking is out of date: 2 changes to the evidence since run" in html
    assert "With more than 5 mentions and no background worker" in html
    assert "Compute it now" in html
    # A reader is told, and told who can act; the button is for those who may press it.
    viewer = _panel(tenant, Role.VIEWER)
    assert "out of date: 2 changes" in viewer
    assert "Compute it now" not in viewer
    assert "An analyst or a marketing head can compute it again." in viewer


def test_the_button_brings_the_ranking_up_to_date(tenant, published, committed):
    with committed():
        _interview(tenant, mentions=2)
        response = tenant.http(Role.ANALYST).post(
            reverse("identification:compute_ranking", args=[tenant.study.slug])
        )
    assert response.status_code == 302
    tenant.study.refresh_from_db()
    run = tenant.study.published_run
    assert run.pk != published.pk
    assert run.mention_count == LIMIT + 2
    assert run.evidence_changes == tenant.study.evidence_changes
    assert "out of date" not in _panel(tenant)


def test_an_import_above_the_limit_counts_each_respondent_as_a_change(tenant, published, committed):
    content = long_csv([mention_row(f"R{i}", f"Person {i}") for i in range(3)])
    with committed():
        report = import_file(study=tenant.study, content=content, filename="three.csv")
    assert report.ok, report.problems
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == published.pk
    assert tenant.study.runs.count() == 1
    assert "out of date: 3 changes" in _panel(tenant)


def test_an_import_below_the_limit_ranks_at_once(tenant, settings, committed):
    settings.RANKING_INLINE_MAX_MENTIONS = 100
    content = long_csv([mention_row(f"R{i}", f"Person {i}") for i in range(3)])
    with committed():
        assert import_file(study=tenant.study, content=content, filename="three.csv").ok
    tenant.study.refresh_from_db()
    assert tenant.study.published_run.mention_count == 3
    assert tenant.study.published_run.evidence_changes == 3


def test_with_a_broker_a_large_study_still_queues_its_run(
    tenant, published, settings, django_capture_on_commit_callbacks
):
    # The worker computes it, not the request: the limit only applies to eager tasks.
    settings.CELERY_TASK_ALWAYS_EAGER = False
    with (
        mock.patch("identification.tasks.compute_ranking.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        _interview(tenant, mentions=3)
    queued = tenant.study.runs.get(status=RankingRun.Status.QUEUED)
    apply_async.assert_called_once()
    # delay() hands its keyword arguments to apply_async as its second positional argument.
    assert apply_async.call_args.args[1]["run_id"] == queued.pk


def test_the_size_check_stops_counting_at_the_limit(tenant, published, django_assert_num_queries):
    with django_assert_num_queries(1) as captured:
        assert runs.computes_inline(study=tenant.study)
    assert f"LIMIT {LIMIT + 1}" in captured.captured_queries[0]["sql"]
