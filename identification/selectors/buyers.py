"""Reads of a client's respondents (buyers), for their list and their page."""

from django.db.models import Count, Q, QuerySet

from identification.models import Buyer, Client, Evidence


def buyer_list(*, client: Client, q: str = "") -> QuerySet[Buyer]:
    """A client's respondents whose name, title or organization holds every word of `q`,
    with how many interviews or responses each gave."""
    qs = Buyer.objects.filter(client=client)
    for word in q.split():
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(title__icontains=word)
            | Q(organization__name__icontains=word)
        )
    return (
        qs.select_related("organization")
        .annotate(evidence_count=Count("evidence"))
        .order_by("organization__name", "name", "pk")
    )


def buyer_detail_qs(*, client_qs: QuerySet[Buyer]) -> QuerySet[Buyer]:
    """The queryset to fetch one respondent with what their page shows."""
    return client_qs.select_related("client", "organization", "influencer")


def buyer_evidence(*, buyer: Buyer) -> QuerySet[Evidence]:
    """A respondent's interviews and survey responses, newest first, with mention counts."""
    return (
        Evidence.objects.filter(buyer=buyer)
        .select_related("study", "collected_by")
        .annotate(mention_count=Count("mentions"))
        .order_by("-collected_on", "-pk")
    )
