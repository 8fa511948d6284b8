"""record_interview, update_interview, delete_interview called directly: full validation,
all-or-nothing writes, no twin influencers or organizations, a ranking requested."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from identification.models import Evidence, Influencer, InfluencerAlias, Organization
from identification.models.choices import Role
from identification.services.evidence import (
    NEAR_MATCH,
    MentionInput,
    NewBuyer,
    delete_interview,
    record_interview,
    update_interview,
)
from tests.factories import BuyerFactory, EvidenceFactory, InfluencerFactory, MentionFactory
from tests.identification.test_views_evidence import table_counts


@pytest.fixture
def user(tenant):
    return tenant.users[Role.ANALYST]


@pytest.fixture
def stage(tenant):
    return tenant.study.stages.first()


def test_a_new_name_equal_to_an_alias_is_that_influencer(tenant, user, stage):
    known = InfluencerFactory(client=tenant.client, name="Margaret Hamilton")
    InfluencerAlias.objects.create(influencer=known, name="Maggie H")
    evidence = record_interview(
        study=tenant.study,
        user=user,
        buyer=BuyerFactory(client=tenant.client),
        collected_on=dt.date(2026, 9, 1),
        mentions=[
            MentionInput(
                stage=stage,
                new_influencer_name="  maggie   h ",
                new_influencer_category=tenant.client.categories.first(),
            )
        ],
    )
    assert evidence.mentions.get().influencer == known
    assert Influencer.objects.filter(client=tenant.client).count() == 1


def test_a_typed_organization_name_reuses_the_organization_on_file(tenant, user):
    existing = Organization.objects.create(client=tenant.client, name="Umbrella Corp")
    evidence = record_interview(
        study=tenant.study,
        user=user,
        new_buyer=NewBuyer(role="user", organization_name="umbrella corp"),
        collected_on=dt.date(2026, 9, 1),
    )
    assert evidence.buyer.organization == existing


def test_service_refuses_objects_of_another_client_and_writes_nothing(tenant, other, user, stage):
    before = table_counts()
    with pytest.raises(ValidationError) as caught:
        record_interview(
            study=tenant.study,
            user=user,
            new_buyer=NewBuyer(
                role="decision_maker",
                organization=Organization.objects.create(client=other.client, name="Foreign"),
            ),
            collected_on=dt.date(2026, 9, 1),
            mentions=[
                MentionInput(stage=stage, influencer=InfluencerFactory(client=tenant.client)),
                MentionInput(
                    stage=other.study.stages.first(),
                    new_influencer_name="X",
                    new_influencer_category=other.client.categories.first(),
                ),
            ],
        )
    before["Organization"] += 1  # the foreign organization made by this test
    before["Influencer"] += 1
    assert table_counts() == before
    assert set(caught.value.message_dict) == {
        "organization",
        "mentions-1-stage",
        "mentions-1-new_influencer_category",
    }


def test_service_refuses_two_respondents_and_a_future_date(tenant, user):
    with pytest.raises(ValidationError) as caught:
        record_interview(
            study=tenant.study,
            user=user,
            buyer=BuyerFactory(client=tenant.client),
            respondent_influencer=InfluencerFactory(client=tenant.client),
            collected_on=dt.date(2999, 1, 1),
        )
    assert set(caught.value.message_dict) == {"respondent", "collected_on"}
    assert not Evidence.objects.exists()


def test_update_keeps_listed_mentions_adds_new_ones_and_drops_the_rest(tenant, user, stage):
    evidence = EvidenceFactory(study=tenant.study)
    kept, dropped = MentionFactory.create_batch(2, evidence=evidence)
    newcomer = InfluencerFactory(client=tenant.client)
    update_interview(
        evidence=evidence,
        user=user,
        buyer=evidence.buyer,
        collected_on=evidence.collected_on,
        mentions=[
            MentionInput(stage=stage, influencer=kept.influencer, mention=kept, quote="new"),
            MentionInput(stage=stage, influencer=newcomer),
        ],
    )
    assert {m.influencer for m in evidence.mentions.all()} == {kept.influencer, newcomer}
    kept.refresh_from_db()
    assert kept.quote == "new"
    assert not evidence.mentions.filter(pk=dropped.pk).exists()
    assert tenant.study.runs.filter(trigger="auto").exists()


def test_delete_keeps_the_respondent_and_asks_for_a_ranking(tenant, user):
    evidence = EvidenceFactory(study=tenant.study)
    MentionFactory(evidence=evidence)
    delete_interview(evidence=evidence, user=user)
    assert not Evidence.objects.exists()
    assert evidence.buyer.__class__.objects.filter(pk=evidence.buyer_id).exists()
    assert tenant.study.runs.filter(trigger="auto").count() == 1


def _one_new_name(tenant, user, stage, name, **row):
    return record_interview(
        study=tenant.study,
        user=user,
        buyer=BuyerFactory(client=tenant.client),
        collected_on=dt.date(2026, 9, 1),
        mentions=[
            MentionInput(
                stage=stage,
                new_influencer_name=name,
                new_influencer_category=tenant.client.categories.get(name="Peers"),
                **row,
            )
        ],
    )


@pytest.fixture
def priya(tenant):
    analysts = tenant.client.categories.get(name="Industry analysts")
    return InfluencerFactory(client=tenant.client, name="Priya Raman", category=analysts)


def test_a_near_new_name_is_refused_with_a_did_you_mean_and_nothing_is_written(
    tenant, user, stage, priya
):
    before = table_counts()
    with pytest.raises(ValidationError) as caught:
        _one_new_name(tenant, user, stage, "Priya Ramen")
    assert caught.value.message_dict == {
        "mentions-0-new_influencer_name": [
            "Did you mean Priya Raman (Industry analysts)? Choose it above, or tick "
            "'a different person' to create a new influencer."
        ]
    }
    (error,) = caught.value.error_dict["mentions-0-new_influencer_name"]
    assert (error.code, error.params["candidates"]) == (NEAR_MATCH, [priya.pk])
    before["Buyer"] += 1  # the respondent made by the factory for this test
    before["Organization"] += 1
    assert table_counts() == before


def test_a_near_new_name_confirmed_as_a_different_person_is_a_new_influencer(
    tenant, user, stage, priya
):
    evidence = _one_new_name(tenant, user, stage, "Priya Ramen", new_is_distinct=True)
    created = evidence.mentions.get().influencer
    assert created != priya
    assert (created.name, created.category.name) == ("Priya Ramen", "Peers")


def test_a_confident_fuzzy_match_is_that_influencer_as_in_an_import(tenant, user, stage, priya):
    evidence = _one_new_name(tenant, user, stage, "Priya Ramann")
    assert evidence.mentions.get().influencer == priya
    assert Influencer.objects.filter(client=tenant.client).count() == 1


def test_an_exact_name_stays_that_influencer_even_when_marked_different(tenant, user, stage, priya):
    evidence = _one_new_name(tenant, user, stage, "PRIYA  RAMAN", new_is_distinct=True)
    assert evidence.mentions.get().influencer == priya


def test_a_name_shared_by_two_influencers_asks_which_one(tenant, user, stage, priya):
    twin = InfluencerFactory(client=tenant.client, name="Priya Raman")
    with pytest.raises(ValidationError) as caught:
        _one_new_name(tenant, user, stage, "Priya Raman")
    (error,) = caught.value.error_dict["mentions-0-new_influencer_name"]
    assert sorted(error.params["candidates"]) == sorted([priya.pk, twin.pk])
    assert "Choose one above" in error.message


def test_names_of_another_clients_registry_are_never_matched(tenant, other, user, stage):
    InfluencerFactory(client=other.client, name="Priya Raman")
    evidence = _one_new_name(tenant, user, stage, "Priya Ramen")
    assert evidence.mentions.get().influencer.client == tenant.client
