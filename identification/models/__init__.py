"""The core data model; one module per subject, re-exported here."""

from identification.models.access_tokens import ApiToken
from identification.models.buyers import Buyer, Organization
from identification.models.evidence import Evidence, Mention, NonPersonInfluence
from identification.models.registry import (
    Category,
    Influencer,
    InfluencerAlias,
    NameReview,
    PaidTie,
    normalize_name,
)
from identification.models.runs import RankingEntry, RankingRun
from identification.models.studies import DecisionStage, Study
from identification.models.tenancy import Client, Membership
from identification.models.webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint

__all__ = [
    "ApiToken",
    "Buyer",
    "Category",
    "Client",
    "DecisionStage",
    "Evidence",
    "Influencer",
    "InfluencerAlias",
    "Membership",
    "Mention",
    "NameReview",
    "NonPersonInfluence",
    "Organization",
    "PaidTie",
    "RankingEntry",
    "RankingRun",
    "Study",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "normalize_name",
]
