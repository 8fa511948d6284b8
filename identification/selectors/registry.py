"""Reads of a client's influencer registry."""

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from identification.models import (
    Category,
    Client,
    Influencer,
    InfluencerAlias,
    Mention,
    normalize_name,
)


def _matching(qs: QuerySet[Influencer], q: str) -> QuerySet[Influencer]:
    key = normalize_name(q)
    if not key:
        return qs
    alias = InfluencerAlias.objects.filter(influencer=OuterRef("pk"), normalized__contains=key)
    return qs.filter(Q(normalized_name__contains=key) | Exists(alias))


def influencer_list(
    *,
    client: Client,
    q: str = "",
    category: Category | int | None = None,
    family: str = "",
    known_to_client: bool | None = None,
) -> QuerySet[Influencer]:
    """A client's influencers matching a search on name and aliases, with mention counts."""
    qs = Influencer.objects.filter(client=client)
    if category is not None:
        qs = qs.filter(category=category)
    if family:
        qs = qs.filter(category__family=family)
    if known_to_client is not None:
        qs = qs.filter(known_to_client=known_to_client)
    return (
        _matching(qs, q)
        .select_related("category")
        .prefetch_related("aliases")
        .annotate(mention_count=Count("mentions"))
        .order_by("name", "pk")
    )


def search_influencers(*, client: Client, q: str, limit: int = 10) -> list[Influencer]:
    """The first few influencers whose name or an alias contains `q`, names starting with it
    first — what the interview form's type-ahead offers."""
    key = normalize_name(q)
    if not key:
        return []
    qs = _matching(Influencer.objects.filter(client=client), q).select_related("category")
    found = list(qs.prefetch_related("aliases").order_by("name")[: limit * 3])
    found.sort(key=lambda i: (not i.normalized_name.startswith(key), i.name))
    return found[:limit]


def influencer_mentions(*, influencer: Influencer) -> QuerySet[Mention]:
    """Every mention of an influencer, with its study, stage and respondent."""
    return (
        Mention.objects.filter(influencer=influencer)
        .select_related(
            "evidence__study",
            "evidence__buyer__organization",
            "evidence__respondent_influencer",
            "stage",
        )
        .order_by("-evidence__collected_on", "evidence__study__name", "stage__order", "pk")
    )


def influencer_detail_qs(*, client_qs: QuerySet[Influencer]) -> QuerySet[Influencer]:
    return client_qs.select_related("category", "buyer__organization").prefetch_related(
        Prefetch("aliases", queryset=InfluencerAlias.objects.order_by("name")), "paid_ties"
    )
