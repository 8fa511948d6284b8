"""Reads of a study's evidence, for the evidence list and detail pages."""

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from identification.models import (
    Buyer,
    DecisionStage,
    Evidence,
    Influencer,
    Mention,
    NonPersonInfluence,
    Organization,
    Study,
)


def evidence_list(
    *,
    study: Study,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    organization: Organization | None = None,
    influencer: Influencer | None = None,
    stage: DecisionStage | None = None,
) -> QuerySet[Evidence]:
    """A study's evidence, newest first, with respondent, organization and mention count."""
    qs = Evidence.objects.filter(study=study)
    if date_from:
        qs = qs.filter(collected_on__gte=date_from)
    if date_to:
        qs = qs.filter(collected_on__lte=date_to)
    if organization:
        qs = qs.filter(buyer__organization=organization)
    mention_filter = Q()
    if influencer:
        mention_filter &= Q(mentions__influencer=influencer)
    if stage:
        mention_filter &= Q(mentions__stage=stage)
    if mention_filter:
        qs = qs.filter(pk__in=Evidence.objects.filter(mention_filter, study=study).values("pk"))
    return (
        qs.select_related("buyer__organization", "respondent_influencer", "collected_by")
        .annotate(mention_count=Count("mentions", distinct=True))
        .order_by("-collected_on", "-pk")
    )


def evidence_detail(*, evidence_qs: QuerySet[Evidence]) -> QuerySet[Evidence]:
    """The queryset to fetch one interview with everything its page shows."""
    return evidence_qs.select_related(
        "study__client",
        "buyer__organization",
        "respondent_influencer__category",
        "collected_by",
    ).prefetch_related(
        Prefetch(
            "mentions",
            # As the analyst entered them, not regrouped by stage.
            queryset=Mention.objects.select_related("influencer__category", "stage").order_by(
                "position", "pk"
            ),
        ),
        Prefetch(
            "non_person_influences",
            queryset=NonPersonInfluence.objects.select_related("stage").order_by(
                "stage__order", "source"
            ),
        ),
    )


def filter_choices(*, study: Study) -> dict:
    """The options of the evidence list's filters, each scoped to the study's client."""
    return {
        "organizations": Organization.objects.filter(
            client=study.client, buyers__evidence__study=study
        ).distinct(),
        "influencers": Influencer.objects.filter(
            client=study.client, mentions__evidence__study=study
        ).distinct(),
        "stages": study.stages.all(),
    }


def buyers_of_client(*, client) -> QuerySet[Buyer]:
    return Buyer.objects.filter(client=client).select_related("organization")


BUYER_SEARCH_LIMIT = 10


def search_buyers(*, client, q: str) -> list[Buyer]:
    """The client's buyers whose name or organization contains `q` (type-ahead)."""
    # A NUL byte cannot reach PostgreSQL in a query; it is in no name anyway.
    q = " ".join(q.replace("\x00", "").split())
    if not q:
        return []
    matching = Q(name__icontains=q) | Q(organization__name__icontains=q)
    return list(buyers_of_client(client=client).filter(matching)[:BUYER_SEARCH_LIMIT])


def mention_list(
    *,
    study: Study,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    organization: Organization | int | None = None,
    influencer: Influencer | int | None = None,
    stage: DecisionStage | int | None = None,
) -> QuerySet[Mention]:
    """A study's mentions, newest evidence first, with influencer, stage and respondent."""
    qs = Mention.objects.filter(evidence__study=study)
    if date_from:
        qs = qs.filter(evidence__collected_on__gte=date_from)
    if date_to:
        qs = qs.filter(evidence__collected_on__lte=date_to)
    if organization:
        qs = qs.filter(evidence__buyer__organization=organization)
    if influencer:
        qs = qs.filter(influencer=influencer)
    if stage:
        qs = qs.filter(stage=stage)
    return qs.select_related("evidence__buyer__organization", "influencer", "stage").order_by(
        "-evidence__collected_on", "-evidence_id", "stage__order", "pk"
    )
