"""Ranking runs: one active run per study, debounce, stale runs, failures, publishing."""

import datetime as dt
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from identification.models import RankingEntry, RankingRun
from identification.models.choices import BuyingRole, Channel, Strength
from identification.services import ranking_data, runs
from tests.factories import (
    BuyerFactory,
    EvidenceFactory,
    InfluencerFactory,
    MentionFactory,
)

Status = RankingRun.Status


def small_market(study, *, buyers=6):
    """Six buyers; 'Key Person' named by all of them, decisively; others once each."""
    client = study.client
    stages = list(study.stages.all())
    key = InfluencerFactory(client=client, name="Key Person")
    tail = [InfluencerFactory(client=client, name=f"Tail {i}") for i in range(buyers)]
    for i in range(buyers):
        buyer = BuyerFactory(client=client, role=BuyingRole.DECISION_MAKER)
        evidence = EvidenceFactory(
            study=study, buyer=buyer, collected_on=dt.date(2026, 9, 1) + timedelta(days=i)
        )
        MentionFactory(
            evidence=evidence,
            influencer=key,
            stage=stages[4],
            strength=Strength.DECISIVE,
            quote=f"Buyer {i} trusted her shortlist.",
        )
        MentionFactory(
            evidence=evidence,
            influencer=tail[i],
            stage=stages[0],
            strength=Strength.MINOR,
            channel=Channel.SOCIAL_MEDIA,
        )
    return key


def test_start_run_returns_the_active_run_instead_of_starting_a_second(tenant):
    first = runs.start_run(study=tenant.study)
    second = runs.start_run(study=tenant.study)
    assert second.pk == first.pk
    assert tenant.study.runs.count() == 1
    assert first.status == Status.QUEUED


def test_start_run_fails_a_run_stuck_in_running_and_starts_a_new_one(tenant, settings):
    settings.RANKING_RUN_TIMEOUT_SECONDS = 60
    stuck = RankingRun.objects.create(
        study=tenant.study,
        status=Status.RUNNING,
        started_at=timezone.now() - timedelta(seconds=61),
    )
    run = runs.start_run(study=tenant.study)
    stuck.refresh_from_db()
    assert run.pk != stuck.pk
    assert stuck.status == Status.FAILED
    assert "Timed out" in stuck.error
    assert stuck.finished_at is not None


def test_start_run_leaves_a_recent_running_run_alone(tenant, settings):
    settings.RANKING_RUN_TIMEOUT_SECONDS = 60
    running = RankingRun.objects.create(
        study=tenant.study, status=Status.RUNNING, started_at=timezone.now()
    )
    assert runs.start_run(study=tenant.study).pk == running.pk
    running.refresh_from_db()
    assert running.status == Status.RUNNING


def test_request_auto_run_keeps_one_queued_run_per_study(
    tenant, django_capture_on_commit_callbacks
):
    with (
        mock.patch("identification.tasks.compute_ranking.delay") as delay,
        django_capture_on_commit_callbacks(execute=True),
    ):
        first = runs.request_auto_run(study=tenant.study)
        second = runs.request_auto_run(study=tenant.study)
        third = runs.request_auto_run(study=tenant.study)
    assert first.pk == second.pk == third.pk
    assert first.trigger == RankingRun.Trigger.AUTO
    assert tenant.study.runs.filter(status=Status.QUEUED).count() == 1
    delay.assert_called_once_with(run_id=first.pk, study_id=tenant.study.pk)


def test_request_auto_run_uses_a_countdown_when_a_broker_is_configured(
    tenant, settings, django_capture_on_commit_callbacks
):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.RANKING_AUTO_DELAY_SECONDS = 45
    with (
        mock.patch("identification.tasks.compute_ranking.apply_async") as apply_async,
        django_capture_on_commit_callbacks(execute=True),
    ):
        run = runs.request_auto_run(study=tenant.study)
    apply_async.assert_called_once_with(
        kwargs={"run_id": run.pk, "study_id": tenant.study.pk}, countdown=45
    )


def test_request_auto_run_queues_a_new_run_while_one_is_computing(tenant):
    RankingRun.objects.create(study=tenant.study, status=Status.RUNNING, started_at=timezone.now())
    run = runs.request_auto_run(study=tenant.study)
    assert run.status == Status.QUEUED
    assert tenant.study.runs.count() == 2


def test_execute_run_writes_entries_and_publishes(tenant):
    key = small_market(tenant.study)
    run = RankingRun.objects.create(study=tenant.study)
    run = runs.execute_run(run_id=run.pk)
    assert run.status == Status.SUCCEEDED, run.error
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk
    top = run.entries.order_by("rank").first()
    assert top.influencer_id == key.pk
    assert top.influencer_name == "Key Person"
    assert run.entries.count() == 7
    assert run.mention_count == 12
    assert run.evidence_count == 6
    assert run.respondent_count == 6
    assert run.influencer_count == 7
    assert run.progress == 100
    assert set(run.timings) >= {"load", "engine", "write", "total"}
    assert run.parameters["stage_weights"]["Selection"] == 2.0
    assert run.saturation["verdict"] == "too little evidence to judge"
    assert top.explanation["by_stage"] == {"Selection": pytest.approx(1.0)}
    assert top.explanation["quotes"][0]["quote"].startswith("Buyer ")


def test_evidence_naming_nobody_counts_for_saturation_and_does_not_break_the_run(tenant):
    key = small_market(tenant.study)
    # Interviews whose respondents named no person (only search, say) are real evidence too.
    for day in (20, 21):
        EvidenceFactory(study=tenant.study, collected_on=dt.date(2026, 9, day))
    run = runs.execute_run(run_id=RankingRun.objects.create(study=tenant.study).pk)
    assert run.status == Status.SUCCEEDED, run.error
    assert run.evidence_count == 8
    assert run.entries.order_by("rank").first().influencer_id == key.pk
    assert run.saturation["curve"][-1] == [8, 7]


def test_execute_run_skips_a_run_that_is_not_queued(tenant):
    run = RankingRun.objects.create(study=tenant.study, status=Status.SUCCEEDED)
    assert runs.execute_run(run_id=run.pk).status == Status.SUCCEEDED
    assert not RankingEntry.objects.exists()


def test_a_failed_run_keeps_the_published_run_and_stores_the_error(tenant):
    small_market(tenant.study)
    good = runs.execute_run(run_id=RankingRun.objects.create(study=tenant.study).pk)
    bad = RankingRun.objects.create(study=tenant.study)
    with mock.patch(
        "identification.services.runs.rank", side_effect=ValueError("unknown mention channel")
    ):
        bad = runs.execute_run(run_id=bad.pk)
    bad.refresh_from_db()
    tenant.study.refresh_from_db()
    assert bad.status == Status.FAILED
    assert bad.error == "ValueError: unknown mention channel"
    assert bad.finished_at is not None
    assert not bad.entries.exists()
    assert tenant.study.published_run_id == good.pk


def test_an_older_run_finishing_late_does_not_replace_a_newer_published_run(tenant):
    small_market(tenant.study)
    older = RankingRun.objects.create(study=tenant.study)
    newer = runs.execute_run(run_id=RankingRun.objects.create(study=tenant.study).pk)
    older = runs.execute_run(run_id=older.pk)
    assert older.status == Status.SUCCEEDED
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == newer.pk


def test_a_study_without_evidence_gets_an_empty_succeeded_run(tenant):
    run = runs.execute_run(run_id=RankingRun.objects.create(study=tenant.study).pk)
    assert run.status == Status.SUCCEEDED, run.error
    assert run.entries.count() == 0


def test_start_run_in_eager_mode_computes_on_commit(tenant, django_capture_on_commit_callbacks):
    small_market(tenant.study)
    with django_capture_on_commit_callbacks(execute=True):
        run = runs.start_run(study=tenant.study, user=tenant.users["analyst"])
    run.refresh_from_db()
    assert run.status == Status.SUCCEEDED, run.error
    assert run.requested_by == tenant.users["analyst"]
    assert run.entries.exists()


def test_stored_explanations_keep_the_largest_organizations_and_sum_the_rest():
    shares = {f"Org {i:02d}": (i + 1) / 465 for i in range(30)}
    kept = ranking_data._top_shares(shares, 25)
    assert len(kept) == 26
    assert "Org 29" in kept
    assert "Org 04" not in kept
    assert kept["5 other organizations"] == pytest.approx(sum(range(1, 6)) / 465)
    assert sum(kept.values()) == pytest.approx(1.0)


def test_start_run_fails_a_run_queued_for_longer_than_the_timeout(tenant, settings):
    settings.RANKING_RUN_TIMEOUT_SECONDS = 60
    settings.RANKING_AUTO_DELAY_SECONDS = 0
    lost = RankingRun.objects.create(study=tenant.study, status=Status.QUEUED)
    RankingRun.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=1))
    run = runs.start_run(study=tenant.study)
    lost.refresh_from_db()
    assert run.pk != lost.pk
    assert lost.status == Status.FAILED
    assert "still queued" in lost.error


def test_the_task_computes_and_publishes_in_eager_mode(tenant):
    from identification.tasks import compute_ranking

    key = small_market(tenant.study)
    run = RankingRun.objects.create(study=tenant.study)
    assert compute_ranking.delay(run.pk).get() == Status.SUCCEEDED
    run.refresh_from_db()
    tenant.study.refresh_from_db()
    assert tenant.study.published_run_id == run.pk
    assert run.entries.get(rank=1).influencer_id == key.pk


def test_the_task_has_time_limits_and_retries_only_database_outages():
    from django.db import OperationalError

    from identification.tasks import compute_ranking

    assert 0 < compute_ranking.soft_time_limit < compute_ranking.time_limit
    assert OperationalError in compute_ranking.autoretry_for
    assert ValueError not in compute_ranking.autoretry_for


def test_execute_run_reports_progress_up_to_100(tenant):
    small_market(tenant.study)
    seen = []
    run = runs.execute_run(
        run_id=RankingRun.objects.create(study=tenant.study).pk, progress=seen.append
    )
    assert run.status == Status.SUCCEEDED
    assert seen == sorted(seen)
    assert seen[0] < 10
    assert seen[-1] == 100
