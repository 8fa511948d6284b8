"""Reads of a client's influencer registry."""

import re

from django.db.models import Count, Prefetch, QuerySet

from identification.models import (
    Category,
    Client,
    Influencer,
    InfluencerAlias,
    Mention,
    normalize_name,
)


def search_words(q: str) -> list[str]:
    """The words of a search, normalized as names are (case, accents), punctuation dropped:
    "Dr. Shah" is ["dr", "shah"]."""
    return re.findall(r"\w+", normalize_name(q))


def _holding(client: Client, word: str) -> QuerySet:
    """The ids of influencers whose name or an alias contains `word`: the client's by name;
    by alias any client's, which the caller's own client filter then drops (joining the
    aliases to their influencers here would read the whole table)."""
    by_name = Influencer.objects.filter(client=client, normalized_name__contains=word)
    by_alias = InfluencerAlias.objects.filter(normalized__contains=word)
    return (
        by_name.order_by()
        .values_list("pk", flat=True)
        .union(by_alias.order_by().values_list("influencer_id", flat=True))
    )


def _matching(qs: QuerySet[Influencer], *, client: Client, q: str) -> QuerySet[Influencer]:
    """Influencers of `qs` whose name or aliases hold every word of `q` (each word in the
    name or in one alias): "dr shah" finds "Dr Anita Shah". Matched on the stored normalized
    columns, a union of two plain lookups per word so that PostgreSQL can serve each from
    the trigram indexes of migration 0010 (an OR with EXISTS made it scan every row)."""
    for word in search_words(q):
        qs = qs.filter(pk__in=_holding(client, word))
    return qs


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
        _matching(qs, client=client, q=q)
        .select_related("category")
        .prefetch_related("aliases")
        .annotate(mention_count=Count("mentions"))
        .order_by("name", "pk")
    )


def search_influencers(*, client: Client, q: str, limit: int = 10) -> list[Influencer]:
    """The first few influencers whose name or an alias contains `q`, names starting with it
    first — what the interview form's type-ahead offers."""
    key = normalize_name(q)
    if not search_words(q):
        return []
    qs = _matching(Influencer.objects.filter(client=client), client=client, q=q)
    qs = qs.select_related("category")
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
