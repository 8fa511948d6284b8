"""Respondents: the people who took part in a purchase, and their organizations."""

from django.core.exceptions import ValidationError
from django.db import models

from identification.models.choices import (
    BuyingRole,
    BuyingSituation,
    DealSize,
    Outcome,
    SizeBand,
)
from identification.models.constraints import one_of
from identification.models.tenancy import Client
from identification.text import refuse_bidi_controls


class Organization(models.Model):
    """A buyer's company."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="organizations")
    name = models.CharField(max_length=200, validators=[refuse_bidi_controls])
    sector = models.CharField(max_length=200, blank=True)
    size_band = models.CharField(max_length=20, choices=SizeBand.choices, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["client", "name"], name="organization_unique_name"),
            one_of("organization", "size_band", SizeBand, blank=True),
        ]

    def __str__(self) -> str:
        return self.name


class Buyer(models.Model):
    """A person who took part in a purchase, with the purchase they took part in."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="buyers")
    organization = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="buyers")
    name = models.CharField(
        max_length=200,
        blank=True,
        validators=[refuse_bidi_controls],
        help_text="Optional: may be anonymous.",
    )
    title = models.CharField(max_length=200, blank=True, validators=[refuse_bidi_controls])
    role = models.CharField("role in the buying group", max_length=30, choices=BuyingRole.choices)
    external_id = models.CharField(
        max_length=200, blank=True, help_text="The respondent id in a survey tool's export."
    )
    product_area = models.CharField(max_length=200, blank=True)
    buying_situation = models.CharField(max_length=20, choices=BuyingSituation.choices, blank=True)
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    deal_size_band = models.CharField(max_length=20, choices=DealSize.choices, blank=True)
    purchase_date = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name", "name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "external_id"],
                condition=~models.Q(external_id=""),
                name="buyer_unique_external_id",
            ),
            one_of("buyer", "role", BuyingRole),
            one_of("buyer", "buying_situation", BuyingSituation, blank=True),
            one_of("buyer", "outcome", Outcome, blank=True),
            one_of("buyer", "deal_size_band", DealSize, blank=True),
        ]

    def __str__(self) -> str:
        who = self.name or f"Respondent #{self.pk}"
        return f"{who} ({self.organization.name})" if self.organization_id else who

    def clean(self) -> None:
        # The admin offers every organization: keep a buyer inside its own client.
        if (
            self.client_id
            and self.organization_id
            and self.organization.client_id != self.client_id
        ):
            raise ValidationError({"organization": "Choose an organization of the buyer's client."})
