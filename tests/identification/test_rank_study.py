"""python manage.py rank_study SLUG."""

import io

import pytest
from django.core.management import CommandError, call_command

from identification.demo import PLANTED
from identification.management.commands import rank_study
from identification.models import RankingRun
from identification.services.runs import execute_run, request_auto_run
from tests.identification.test_runs import small_market

Status = RankingRun.Status


@pytest.mark.django_db
def test_rank_study_prints_a_summary_and_the_planted_influencers_in_its_top_10(capsys):
    call_command("seed_demo", "--no-ranking")
    capsys.readouterr()
    call_command("rank_study", "uk-mid-market-hr-software-2026-h2")
    out = capsys.readouterr().out
    assert "succeeded and is published" in out
    assert "Timings (s): load" in out
    assert "Saturation: " in out
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("rank"))
    table = lines[header + 1 :]
    assert len(table) == 10
    assert all(name in "\n".join(table) for name in PLANTED)
    assert "offline" in table[0]
    assert lines[lines.index(table[0]) - 1].split()[:3] == ["rank", "name", "external"]
    run = RankingRun.objects.get()
    assert f"{run.mention_count} mentions, {run.respondent_count} respondents" in out
    assert run.trigger == RankingRun.Trigger.COMMAND
    assert run.study.published_run_id == run.pk


@pytest.mark.django_db
def test_rank_study_with_an_unknown_slug_says_so():
    with pytest.raises(CommandError, match="No study has the slug 'nope'"):
        call_command("rank_study", "nope")


def test_rank_study_reports_a_failed_run(tenant, monkeypatch):
    def broken(*args, **kwargs):
        raise ValueError("every respondent who names someone has weight 0")

    monkeypatch.setattr("identification.services.runs.rank", broken)
    with pytest.raises(CommandError, match="failed: ValueError: every respondent"):
        call_command("rank_study", tenant.study.slug)
    assert RankingRun.objects.get().status == RankingRun.Status.FAILED


# The summary names each entry's external id.


def _ranked_market(tenant):
    key = small_market(tenant.study)
    key.external_id = "KP-001"
    key.save(update_fields=["external_id"])
    return key


def _table(out: str) -> list[str]:
    lines = out.splitlines()
    header = next(i for i, line in enumerate(lines) if line.strip().startswith("rank"))
    return lines[header:]


def test_the_summary_gives_each_entry_its_external_id(tenant):
    _ranked_market(tenant)

    out, _ = _run("rank_study", tenant.study.slug, "--top", "3")

    table = _table(out)
    assert "external id" in table[0]
    assert table[1].split()[:4] == ["1", "Key", "Person", "KP-001"]
    assert len(table) == 4


# With a broker: the run is queued on the workers, and followed with --wait.


def _run(*args, **options):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def broker(settings):
    """A configured broker; the tests' transactions never commit, so nothing is sent."""
    settings.CELERY_TASK_ALWAYS_EAGER = False


def _worker(monkeypatch, *steps):
    """Each look at the run record is followed by the next step of a pretend worker."""
    steps = list(steps)

    def pause():
        run = RankingRun.objects.latest("pk")
        steps.pop(0)(run)

    monkeypatch.setattr(rank_study, "pause", pause)


def _progress(percent):
    def step(run):
        RankingRun.objects.filter(pk=run.pk).update(status=Status.RUNNING, progress=percent)

    return step


def _compute(run):
    RankingRun.objects.filter(pk=run.pk).update(status=Status.QUEUED)
    execute_run(run_id=run.pk)


def test_no_wait_queues_the_run_on_the_workers_and_exits_at_once(tenant, broker):
    out, _ = _run("rank_study", tenant.study.slug, "--no-wait")

    run = RankingRun.objects.get()
    assert (run.status, run.trigger) == (Status.QUEUED, RankingRun.Trigger.COMMAND)
    assert out.splitlines() == [
        f"Run #{run.pk} of {tenant.study.name} ({tenant.client.name}) is queued on the workers.",
        f"Follow it with: manage.py rank_study {tenant.study.slug} --wait",
    ]


def test_no_wait_takes_the_run_already_queued(tenant, broker):
    queued = request_auto_run(study=tenant.study)

    out, _ = _run("rank_study", tenant.study.slug, "--no-wait")

    assert RankingRun.objects.get() == queued
    assert f"Run #{queued.pk} " in out


def test_wait_follows_the_run_and_prints_its_progress_then_the_summary(tenant, broker, monkeypatch):
    _ranked_market(tenant)
    _worker(monkeypatch, _progress(40), _compute)

    out, _ = _run("rank_study", tenant.study.slug)

    run = RankingRun.objects.get()
    assert run.status == Status.SUCCEEDED
    lines = out.splitlines()
    assert lines[1:4] == [
        f"Run #{run.pk}: queued",
        f"Run #{run.pk}: running 40%",
        f"Run #{run.pk}: succeeded",
    ]
    assert f"Run #{run.pk} succeeded and is published" in out
    assert "KP-001" in _table(out)[1]


def test_wait_exits_non_zero_when_the_run_fails_on_the_worker(tenant, broker, monkeypatch):
    def fail(run):
        RankingRun.objects.filter(pk=run.pk).update(status=Status.FAILED, error="MemoryError: x")

    _worker(monkeypatch, _progress(10), fail)

    with pytest.raises(CommandError, match=r"Run #\d+ failed: MemoryError: x") as failed:
        _run("rank_study", tenant.study.slug, "--wait")

    assert failed.value.returncode == 1


def test_wait_gives_up_after_the_timeout_with_its_own_exit_status(tenant, broker, monkeypatch):
    monkeypatch.setattr(rank_study, "QUEUED_HINT_SECONDS", 0)
    err = io.StringIO()

    with pytest.raises(CommandError, match="still queued after 0 s; it goes on") as failed:
        call_command(
            "rank_study", tenant.study.slug, "--timeout", "0", stdout=io.StringIO(), stderr=err
        )

    assert failed.value.returncode == rank_study.TIMED_OUT == 3
    assert "is a worker running" in err.getvalue()
    assert RankingRun.objects.get().status == Status.QUEUED  # left to the workers


def test_without_a_broker_no_wait_says_the_run_is_computed_here(tenant):
    _ranked_market(tenant)

    out, err = _run("rank_study", tenant.study.slug, "--no-wait")

    assert "No broker is configured (CELERY_BROKER_URL): computed here." in err
    assert "succeeded and is published" in out
    assert RankingRun.objects.get().status == Status.SUCCEEDED
