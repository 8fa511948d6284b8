"""record_interview, update_interview, delete_interview called directly: full validation,
all-or-nothing writes, no twin influencers or organizations, a ranking requested."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from identification.models import Evidence, Influencer, InfluencerAlias, Organization
from identification.models.choices import Role
from identification.services.evidence import (
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
