"""Reads about studies: what the home and study pages show."""

from django.db.models import Count, Prefetch, QuerySet

from identification.access import clients_for_user
from identification.models import Client, Evidence, Mention, Study


def clients_with_studies(*, user) -> QuerySet[Client]:
    """The user's clients, each with its studies prefetched (two queries in all)."""
    return clients_for_user(user).prefetch_related(
        Prefetch("studies", queryset=Study.objects.order_by("name"))
    )


def study_counts(*, study: Study) -> dict:
    """Headline figures of a study's evidence."""
    evidence = Evidence.objects.filter(study=study).aggregate(
        interviews=Count("pk"),
        buyers=Count("buyer", distinct=True),
        influencer_respondents=Count("respondent_influencer", distinct=True),
    )
    mentions = Mention.objects.filter(evidence__study=study).aggregate(
        mentions=Count("pk"), influencers=Count("influencer", distinct=True)
    )
    return {
        "evidence": evidence["interviews"],
        "respondents": evidence["buyers"] + evidence["influencer_respondents"],
        "mentions": mentions["mentions"],
        "influencers": mentions["influencers"],
    }
