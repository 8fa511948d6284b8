"""The demo data: a realistic market, with planted key influencers, seeded once."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from identification.demo import PLANTED
from identification.demo.market import build_plan
from identification.models import (
    Buyer,
    Client,
    Evidence,
    Influencer,
    Membership,
    Mention,
    Organization,
    PaidTie,
    RankingEntry,
    RankingRun,
    Study,
)
from identification.models.choices import Family

MODELS = (
    Client,
    Study,
    Organization,
    Buyer,
    Influencer,
    Evidence,
    Mention,
    PaidTie,
    Membership,
    RankingRun,
    RankingEntry,
    get_user_model(),
)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_the_plan_is_the_same_for_the_same_seed():
    assert build_plan(7) == build_plan(7)
    assert build_plan(7) != build_plan(8)


@pytest.mark.django_db
def test_seed_demo_twice_changes_nothing(capsys):
    call_command("seed_demo")
    first = counts()
    call_command("seed_demo")
    assert counts() == first
    assert first["RankingRun"] == 1


@pytest.mark.django_db
def test_seed_demo_builds_the_market_design_describes(capsys):
    call_command("seed_demo")
    out = capsys.readouterr().out
    study = Study.objects.get(name="UK mid-market HR software, 2026 H2")
    assert study.client.name == "Northwind Software"
    assert Buyer.objects.filter(client=study.client).count() == 60
    assert Organization.objects.filter(client=study.client).count() == 35
    assert Evidence.objects.filter(study=study).count() == 61
    assert 250 <= Mention.objects.filter(evidence__study=study).count() <= 350
    # A peer who is both a buyer and an influencer, and one snowball interview.
    assert Influencer.objects.filter(client=study.client, buyer__isnull=False).count() == 1
    assert Evidence.objects.filter(study=study, respondent_influencer__isnull=False).count() == 1
    assert Mention.objects.exclude(quote="").exists()
    assert PaidTie.objects.filter(influencer__client=study.client).exists()
    assert Influencer.objects.filter(client=study.client, known_to_client=True).exists()
    # Users per role, and their log-ins printed.
    for username in ("analyst", "marketing", "engagement", "viewer", "admin"):
        assert username in out
    assert "northwind-demo" in out
    assert get_user_model().objects.get(username="admin").is_staff
    # The demo has a published ranking, and social creators are a minority of its top.
    assert study.published_run.status == RankingRun.Status.SUCCEEDED
    top = study.published_run.entries.filter(rank__lte=20).select_related("influencer__category")
    social = [e for e in top if e.influencer.category.family == Family.SOCIAL]
    assert len(social) < 0.3 * len(top)


@pytest.mark.django_db
def test_the_demo_ranking_puts_the_planted_influencers_on_top(capsys):
    call_command("seed_demo")
    run = Study.objects.get(name="UK mid-market HR software, 2026 H2").published_run
    top = set(
        run.entries.filter(rank__lte=len(PLANTED) + 2).values_list("influencer_name", flat=True)
    )
    assert set(PLANTED) <= top
