"""Enumerations of the domain (DESIGN.md), shared by models, forms, imports and the engine."""

from django.db import models


class Role(models.TextChoices):
    ANALYST = "analyst", "Analyst"
    MARKETING_HEAD = "marketing_head", "Marketing head"
    ENGAGEMENT_OWNER = "engagement_owner", "Engagement owner"
    VIEWER = "viewer", "Viewer"


class BuyingRole(models.TextChoices):
    DECISION_MAKER = "decision_maker", "Decision-maker"
    BUYING_INFLUENCER = "buying_influencer", "Influencer inside the buying group"
    USER = "user", "User"
    GATEKEEPER = "gatekeeper", "Gatekeeper"
    PROCUREMENT = "procurement", "Procurement"


class BuyingSituation(models.TextChoices):
    NEW_BUY = "new_buy", "New buy"
    MODIFIED_REBUY = "modified_rebuy", "Modified rebuy"
    STRAIGHT_REBUY = "straight_rebuy", "Straight rebuy"


class Outcome(models.TextChoices):
    CLIENT = "client", "Bought from the client"
    COMPETITOR = "competitor", "Bought from a competitor"
    NO_DECISION = "no_decision", "No decision"


class DealSize(models.TextChoices):
    SMALL = "small", "Small"
    MEDIUM = "medium", "Medium"
    LARGE = "large", "Large"
    ENTERPRISE = "enterprise", "Enterprise"


class SizeBand(models.TextChoices):
    SMALL = "1-49", "1–49 employees"
    MEDIUM = "50-249", "50–249 employees"
    LARGE = "250-999", "250–999 employees"
    ENTERPRISE = "1000+", "1000+ employees"


class Family(models.TextChoices):
    MEDIA = "media", "Media"
    ANALYST = "analyst", "Analyst"
    CONSULTANT = "consultant", "Consultant"
    ACADEMIC = "academic", "Academic"
    SOCIAL = "social", "Social / online"
    ASSOCIATION = "association", "Association / policy"
    PEER = "peer", "Peer"
    CHANNEL = "channel", "Channel partner"
    INTERNAL = "internal", "Internal"
    OTHER = "other", "Other"


class InfluencerKind(models.TextChoices):
    PERSON = "person", "Person"
    ORGANIZATION = "organization", "Organization"
    COMMUNITY = "community", "Community"


class EvidenceKind(models.TextChoices):
    INTERVIEW = "interview", "Interview"
    SURVEY = "survey", "Survey response"


class Strength(models.TextChoices):
    MINOR = "minor", "Minor"
    NOTABLE = "notable", "Notable"
    DECISIVE = "decisive", "Decisive"


class Direction(models.TextChoices):
    CLIENT = "client", "Toward the client"
    COMPETITOR = "competitor", "Toward a competitor"
    NEUTRAL = "neutral", "Neutral"


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    PHONE_EMAIL = "phone_email", "Phone or email"
    EVENT = "event", "Event"
    PUBLICATION = "publication", "Report or publication"
    SOCIAL_MEDIA = "social_media", "Social media"
    ONLINE_COMMUNITY = "online_community", "Online community"
    WEB = "web", "Web"


ONLINE_CHANNELS = frozenset({Channel.SOCIAL_MEDIA, Channel.ONLINE_COMMUNITY, Channel.WEB})


class Mode(models.TextChoices):
    """How an influencer reaches buyers, from the share of online channels (the engine's words)."""

    ONLINE = "online", "Online"
    OFFLINE = "offline", "Offline"
    HYBRID = "hybrid", "Hybrid"


class NetDirection(models.TextChoices):
    """Where an influencer's mentions lean on balance (the engine's words)."""

    ADVOCATE = "advocate", "Advocate of the client"
    NEUTRAL = "neutral", "Neutral"
    DETRACTOR = "detractor", "Detractor"


class NonPersonSource(models.TextChoices):
    SEARCH = "search", "Search"
    VENDOR_WEBSITE = "vendor_website", "Vendor website"
    PREVIOUS_EXPERIENCE = "previous_experience", "Previous experience"
    EVENTS = "events", "Events"


DEFAULT_STAGES = (
    ("Problem identification", 1.0),
    ("Decision to act", 1.0),
    ("Solution scoping", 1.5),
    ("Supplier shortlisting", 2.0),
    ("Selection", 2.0),
    ("Validation / sign-off", 1.5),
)

# The categories of B2B influence from the Influencer Marketing book, each with its family.
DEFAULT_CATEGORIES = (
    ("Academics", Family.ACADEMIC),
    ("Authors", Family.MEDIA),
    ("Bloggers", Family.SOCIAL),
    ("Journalists", Family.MEDIA),
    ("Buyer groups / procurement", Family.ASSOCIATION),
    ("Commentators", Family.MEDIA),
    ("Complementary partners", Family.CHANNEL),
    ("Events", Family.OTHER),
    ("Consumer groups", Family.ASSOCIATION),
    ("Customer firms", Family.PEER),
    ("Financial analysts", Family.ANALYST),
    ("Regulators / policy-makers", Family.ASSOCIATION),
    ("Niche consultants", Family.CONSULTANT),
    ("Industry analysts", Family.ANALYST),
    ("Industry bodies / associations", Family.ASSOCIATION),
    ("Internal influencers", Family.INTERNAL),
    ("Management consultancies", Family.CONSULTANT),
    ("Online forums / communities", Family.SOCIAL),
    ("Peers", Family.PEER),
    ("Retailers", Family.CHANNEL),
    ("Specialty consultancies", Family.CONSULTANT),
    ("Standards bodies", Family.ASSOCIATION),
    ("Systems integrators", Family.CHANNEL),
    ("Value-added resellers", Family.CHANNEL),
    ("Venture capitalists", Family.OTHER),
)

DEFAULT_STRENGTH_WEIGHTS = {"minor": 1.0, "notable": 2.0, "decisive": 4.0}
DEFAULT_ROLE_WEIGHTS = {
    "decision_maker": 1.0,
    "buying_influencer": 0.8,
    "procurement": 0.6,
    "gatekeeper": 0.5,
    "user": 0.5,
}
