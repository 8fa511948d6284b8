"""merge_influencers and the registry services."""

import pytest
from django.core.exceptions import ValidationError

from identification.models import Evidence, Influencer, InfluencerAlias, Mention, PaidTie
from identification.services.registry import (
    create_influencer,
    merge_influencers,
    split_aliases,
    update_influencer,
)
from tests.factories import EvidenceFactory, InfluencerFactory, MentionFactory


@pytest.fixture
def pair(tenant):
    keep = InfluencerFactory(client=tenant.client, name="Jane Doe", external_id="")
    other = InfluencerFactory(client=tenant.client, name="J. Doe", external_id="crm-7")
    InfluencerAlias.objects.create(influencer=keep, name="Janey")
    InfluencerAlias.objects.create(influencer=other, name="JD")
    InfluencerAlias.objects.create(influencer=other, name="janey")  # duplicate of keep's
    PaidTie.objects.create(influencer=other, vendor="Globex", nature="retainer")
    return keep, other


def test_merge_moves_mentions_interviews_aliases_and_paid_ties(tenant, pair):
    keep, other = pair
    evidence = EvidenceFactory(study=tenant.study)
    MentionFactory(evidence=evidence, influencer=other)
    MentionFactory(evidence=evidence, influencer=keep)
    snowball = EvidenceFactory(study=tenant.study, buyer=None, respondent_influencer=other)

    merged = merge_influencers(keep=keep, other=other, user=tenant.users["analyst"])

    assert merged.pk == keep.pk
    assert not Influencer.objects.filter(pk=other.pk).exists()
    assert Mention.objects.filter(influencer=keep).count() == 2
    assert Evidence.objects.get(pk=snowball.pk).respondent_influencer_id == keep.pk
    assert sorted(keep.aliases.values_list("name", flat=True)) == ["J. Doe", "JD", "Janey"]
    assert list(keep.paid_ties.values_list("vendor", flat=True)) == ["Globex"]
    keep.refresh_from_db()
    assert keep.external_id == "crm-7"


def test_merge_refuses_influencers_of_two_clients(tenant, other):
    mine = InfluencerFactory(client=tenant.client)
    theirs = InfluencerFactory(client=other.client)
    with pytest.raises(ValueError, match="same client"):
        merge_influencers(keep=mine, other=theirs, user=tenant.users["analyst"])
    assert Influencer.objects.filter(pk=theirs.pk).exists()


def test_merge_refuses_an_influencer_into_itself(tenant):
    one = InfluencerFactory(client=tenant.client)
    with pytest.raises(ValueError, match="itself"):
        merge_influencers(keep=one, other=one, user=tenant.users["analyst"])


def test_split_aliases_takes_one_name_per_line_dropping_blanks_and_duplicates():
    assert split_aliases(" Jane \n\njane\r\nJ.  Doe\n") == ["Jane", "J. Doe"]


def test_a_comma_stays_inside_its_alias():
    assert split_aliases("Shah, Anita\nDr A. Shah") == ["Shah, Anita", "Dr A. Shah"]


def test_create_influencer_refuses_a_category_of_another_client(tenant, other):
    foreign = other.client.categories.first()
    with pytest.raises(ValidationError):
        create_influencer(client=tenant.client, name="X", category=foreign)
    assert not Influencer.objects.filter(name="X").exists()


def test_update_influencer_replaces_aliases_and_paid_ties(tenant):
    inf = create_influencer(
        client=tenant.client,
        name="Ann",
        category=tenant.client.categories.first(),
        aliases=["A.", "Annie"],
        paid_ties=[{"vendor": "V1", "nature": "advisory board"}],
    )
    update_influencer(influencer=inf, name="Ann Lee", aliases=["Annie", "Ann L."], paid_ties=[])
    assert sorted(inf.aliases.values_list("name", flat=True)) == ["Ann L.", "Annie"]
    assert not inf.paid_ties.exists()
    inf.refresh_from_db()
    assert inf.name == "Ann Lee"


def test_merge_asks_for_a_fresh_ranking_of_each_study_that_mentioned_the_other(tenant, pair):
    keep, other = pair
    MentionFactory(evidence=EvidenceFactory(study=tenant.study), influencer=other)
    merge_influencers(keep=keep, other=other, user=tenant.users["analyst"])
    assert tenant.study.runs.filter(trigger="auto", status="queued").count() == 1
