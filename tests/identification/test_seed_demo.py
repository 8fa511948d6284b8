"""The demo data: a realistic market, with planted key influencers, seeded once."""

import dataclasses

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from identification.demo import PLANTED
from identification.demo.market import PEOPLE, Person, build_plan
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


@pytest.mark.django_db
def test_every_object_the_demo_creates_passes_full_clean(capsys):
    call_command("seed_demo")
    checked, invalid = 0, []
    for label in ("identification", "surveys", "auth"):
        for model in apps.get_app_config(label).get_models():
            for obj in model.objects.all():
                checked += 1
                try:
                    obj.full_clean()
                except ValidationError as exc:
                    invalid.append(f"{model.__name__} #{obj.pk}: {exc.message_dict}")
    assert invalid == []
    assert checked > 500  # organizations, buyers, mentions, entries: not an empty database


@pytest.mark.django_db
def test_the_demo_influencers_have_their_intended_kind_and_channels(capsys):
    call_command("seed_demo")
    client = Client.objects.get(name="Northwind Software")
    stored = {i.external_id: i for i in Influencer.objects.filter(client=client)}
    for key, person in PEOPLE.items():
        influencer = stored[key]
        assert influencer.kind == person.kind
        # Some of the long tail are never named; those named are named through their channels.
        assert set(influencer.mentions.values_list("channel", flat=True)) <= set(person.channels)
    # The online tail is online again: a podcast host heard on the web, not "0% online".
    run = Study.objects.get(client=client).published_run
    assert run.entries.get(influencer__external_id="claire-dunn").mode == "online"
    assert {i.kind for i in stored.values()} <= {"person", "organization", "community"}


def test_a_demo_person_cannot_take_its_channels_where_the_kind_belongs():
    with pytest.raises(TypeError):
        Person("x", "X", "Peers", "Somewhere", ("web",))


@pytest.mark.django_db
def test_the_seed_refuses_a_bad_value_and_writes_nothing(monkeypatch, capsys):
    bad = dataclasses.replace(PEOPLE["claire-dunn"], kind="podcast")
    monkeypatch.setitem(PEOPLE, "claire-dunn", bad)
    with pytest.raises(ValidationError) as caught:
        call_command("seed_demo")
    assert "kind" in caught.value.message_dict
    assert not Client.objects.exists()
