"""The core data model; one module per subject, re-exported here."""

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

__all__ = [
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
    "normalize_name",
]
