"""The name review queue: accept a match, keep as new, or merge; analysts only."""

import pytest
from django.urls import reverse

from identification.models import Influencer, Mention, NameReview
from identification.models.choices import Role
from tests.factories import EvidenceFactory, InfluencerFactory, MentionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def queued(tenant):
    known = InfluencerFactory(client=tenant.client, name="Katherine Johnson")
    provisional = InfluencerFactory(client=tenant.client, name="Kathy Johnson", provisional=True)
    evidence = EvidenceFactory(study=tenant.study)
    MentionFactory(evidence=evidence, influencer=provisional)
    review = NameReview.objects.create(
        client=tenant.client,
        name="Kathy Johnson",
        source="Import of x.csv, row 1",
        candidates=[{"id": known.pk, "name": known.name, "score": 86.0}],
        provisional_influencer=provisional,
    )
    return known, provisional, review


def _resolve(http, review, **data):
    return http.post(
        reverse("identification:review_resolve", args=[review.client.slug, review.pk]), data
    )


def test_queue_lists_open_reviews_with_their_candidates(tenant, analyst, queued):
    known, _, review = queued
    page = analyst.get(reverse("identification:review_list", args=[tenant.client.slug]))
    html = page.content.decode()
    assert "Kathy Johnson" in html
    assert "Katherine Johnson" in html
    assert "1 mention" in html
    assert "Same person" in html


def test_accepting_a_match_moves_the_mentions_and_closes_the_review(tenant, analyst, queued):
    known, provisional, review = queued
    _resolve(analyst, review, action="accept", influencer=known.pk)

    review.refresh_from_db()
    assert review.status == NameReview.Status.ACCEPTED
    assert review.resolved_by == tenant.users["analyst"]
    assert Mention.objects.get().influencer == known
    assert not Influencer.objects.filter(pk=provisional.pk).exists()
    assert known.aliases.filter(normalized="kathy johnson").exists()


def test_keeping_as_new_clears_the_provisional_flag(analyst, queued):
    _, provisional, review = queued
    _resolve(analyst, review, action="new")

    provisional.refresh_from_db()
    review.refresh_from_db()
    assert not provisional.provisional
    assert review.status == NameReview.Status.CREATED


def test_merging_into_a_registry_name_outside_the_candidates(tenant, analyst, queued):
    _, provisional, review = queued
    other = InfluencerFactory(client=tenant.client, name="K. Johnson")
    _resolve(analyst, review, action="merge", merge_into="k. johnson")

    review.refresh_from_db()
    assert review.status == NameReview.Status.MERGED
    assert Mention.objects.get().influencer == other


def test_merge_into_an_unknown_name_changes_nothing(analyst, queued):
    _, provisional, review = queued
    response = _resolve(analyst, review, action="merge", merge_into="Nobody")
    review.refresh_from_db()
    assert review.status == NameReview.Status.OPEN
    assert Mention.objects.get().influencer == provisional
    assert response.status_code == 302


def test_a_closed_review_cannot_be_settled_twice(analyst, queued):
    known, _, review = queued
    _resolve(analyst, review, action="new")
    _resolve(analyst, review, action="accept", influencer=known.pk)
    review.refresh_from_db()
    assert review.status == NameReview.Status.CREATED


def test_only_analysts_act_on_reviews(tenant, queued):
    known, _, review = queued
    http = tenant.http(Role.MARKETING_HEAD)
    assert (
        http.get(reverse("identification:review_list", args=[tenant.client.slug])).status_code
        == 200
    )
    assert _resolve(http, review, action="accept", influencer=known.pk).status_code == 403
    review.refresh_from_db()
    assert review.status == NameReview.Status.OPEN


def test_reviews_answer_404_to_another_client(tenant, other, queued):
    known, _, review = queued
    http = other.http(Role.ANALYST)
    assert (
        http.get(reverse("identification:review_list", args=[tenant.client.slug])).status_code
        == 404
    )
    assert _resolve(http, review, action="new").status_code == 404


def test_review_queue_uses_a_bounded_number_of_queries(
    tenant, analyst, django_assert_max_num_queries
):
    known = InfluencerFactory(client=tenant.client, name="Base")
    for i in range(6):
        provisional = InfluencerFactory(client=tenant.client, name=f"Base {i}", provisional=True)
        NameReview.objects.create(
            client=tenant.client,
            name=provisional.name,
            candidates=[{"id": known.pk, "name": known.name, "score": 85}],
            provisional_influencer=provisional,
        )
    with django_assert_max_num_queries(10):
        response = analyst.get(reverse("identification:review_list", args=[tenant.client.slug]))
    assert response.content.decode().count("Same person") == 6
