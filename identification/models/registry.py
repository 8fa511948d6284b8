"""The client's registry of influencers, their categories, aliases and paid ties."""

import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from identification.models.buyers import Buyer
from identification.models.choices import Family, InfluencerKind
from identification.models.constraints import one_of
from identification.models.tenancy import Client
from identification.models.validators import validate_audience
from identification.text import refuse_bidi_controls, strip_bidi_controls


def normalize_name(value: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a name, for matching.

    Bidirectional controls are invisible, so "\u202eevil" is the same name as "evil".
    """
    decomposed = unicodedata.normalize("NFKD", strip_bidi_controls(value or ""))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


class Category(models.Model):
    """A category of influence, per client; its family drives charts and routing."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="categories")
    name = models.CharField(max_length=100, validators=[refuse_bidi_controls])
    family = models.CharField(max_length=20, choices=Family.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name_plural = "categories"
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="category_unique_name"),
            one_of("category", "family", Family),
        ]

    def __str__(self) -> str:
        return self.name


class Influencer(models.Model):
    """A person, organization or community that buyers say swayed them."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="influencers")
    name = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    normalized_name = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(
        max_length=20, choices=InfluencerKind.choices, default=InfluencerKind.PERSON
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="influencers")
    affiliation = models.CharField(max_length=200, blank=True, validators=[refuse_bidi_controls])
    external_id = models.CharField(max_length=200, blank=True)
    audience = models.JSONField(
        default=dict,
        blank=True,
        help_text='Optional online audience figures, e.g. {"LinkedIn": 12000}.',
        validators=[validate_audience],
    )
    known_to_client = models.BooleanField(
        default=False, help_text="Already on the client's PR, AR or social lists."
    )
    notes = models.TextField(blank=True)
    buyer = models.OneToOneField(
        Buyer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="influencer",
        help_text="The same person as this respondent: one node in the ranking.",
    )
    provisional = models.BooleanField(
        default=False, help_text="Created by an unattended import from a near match; to review."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_id"],
                condition=~models.Q(external_id=""),
                name="influencer_unique_external_id",
            ),
            one_of("influencer", "kind", InfluencerKind),
        ]
        indexes = [models.Index(fields=["client", "normalized_name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        # Derived column kept in step with the name so lookups can use an index.
        self.normalized_name = normalize_name(self.name)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # The admin offers every category and buyer: keep an influencer inside its client.
        errors = {}
        if self.client_id and self.category_id and self.category.client_id != self.client_id:
            errors["category"] = "Choose a category of the influencer's client."
        if self.client_id and self.buyer_id and self.buyer.client_id != self.client_id:
            errors["buyer"] = "Choose a buyer of the influencer's client."
        if errors:
            raise ValidationError(errors)


class InfluencerAlias(models.Model):
    """Another name buyers use for an influencer."""

    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(
        max_length=200,
        validators=[refuse_bidi_controls],
        help_text="One other name; it may contain commas.",
    )
    normalized = models.CharField(max_length=200, editable=False, db_index=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "influencer aliases"
        constraints = [
            models.UniqueConstraint(fields=["influencer", "normalized"], name="alias_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)


class PaidTie(models.Model):
    """A paid or commercial tie between an influencer and a vendor."""

    influencer = models.ForeignKey(Influencer, on_delete=models.CASCADE, related_name="paid_ties")
    vendor = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    nature = models.CharField(
        max_length=200, help_text="e.g. retainer, sponsorship, advisory board"
    )
    since = models.DateField(null=True, blank=True)
    disclosed = models.BooleanField("publicly disclosed", default=False)

    class Meta:
        ordering = ["vendor"]

    def __str__(self) -> str:
        return f"{self.influencer} – {self.vendor} ({self.nature})"


class ReviewStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACCEPTED = "accepted", "Matched to an existing influencer"
    CREATED = "created", "Kept as a new influencer"
    MERGED = "merged", "Merged"


class NameReview(models.Model):
    """A name that could not be resolved with certainty, waiting for an analyst."""

    # Module-level so that Meta (which cannot see the class body) can constrain it.
    Status = ReviewStatus

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="name_reviews")
    name = models.CharField(max_length=200)
    source = models.CharField(max_length=200, blank=True, help_text="e.g. import file and row")
    candidates = models.JSONField(
        default=list, blank=True, help_text="[{id, name, score}] near matches, best first."
    )
    provisional_influencer = models.ForeignKey(
        Influencer,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviews",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["client", "status"])]
        constraints = [one_of("name_review", "status", ReviewStatus)]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_status_display()})"

    def clean(self) -> None:
        influencer = self.provisional_influencer
        if self.client_id and influencer is not None and influencer.client_id != self.client_id:
            raise ValidationError(
                {"provisional_influencer": "Choose an influencer of the review's client."}
            )
