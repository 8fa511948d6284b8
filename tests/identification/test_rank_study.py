"""python manage.py rank_study SLUG."""

import pytest
from django.core.management import CommandError, call_command

from identification.demo import PLANTED
from identification.models import RankingRun


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
