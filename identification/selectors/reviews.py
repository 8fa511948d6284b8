"""Reads of the name review queue, scoped to one client."""

from django.db.models import Count, QuerySet

from identification.models import Client, Influencer, NameReview


def open_reviews(*, client: Client) -> QuerySet[NameReview]:
    """The client's reviews still waiting for an analyst, oldest first, each with the
    number of mentions of its provisional influencer."""
    return (
        NameReview.objects.filter(client=client, status=NameReview.Status.OPEN)
        .select_related("provisional_influencer__category")
        .annotate(mention_count=Count("provisional_influencer__mentions"))
        .order_by("created_at", "pk")
    )


def candidate_influencers(*, client: Client, reviews) -> dict[int, Influencer]:
    """The registry entries the reviews suggest, in one query."""
    ids = {c.get("id") for r in reviews for c in r.candidates if c.get("id")}
    return Influencer.objects.filter(client=client, pk__in=ids).select_related("category").in_bulk()
