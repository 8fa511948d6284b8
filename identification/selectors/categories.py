"""Reads of a client's list of influencer categories."""

from django.db.models import Count, QuerySet

from identification.models import Category, Client


def category_list(*, client: Client) -> QuerySet[Category]:
    """A client's categories in their order, each with its number of influencers."""
    return (
        Category.objects.filter(client=client)
        .annotate(influencer_count=Count("influencers"))
        .order_by("order", "name", "pk")
    )
