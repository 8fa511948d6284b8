"""A respondent's details: on the interview form (a new buyer) and on the buyer's own page."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.fields import DateInput, ListFilters, Listing, NameField, with_blank
from identification.models import Buyer, Client, Organization
from identification.models.choices import BuyingRole, BuyingSituation, DealSize, Outcome
from identification.services.buyers import BuyerDetails


def not_future(value, what: str):
    if value and value > timezone.localdate():
        raise ValidationError(f"The {what} cannot be in the future.")
    return value


class BuyerFieldsForm(BootstrapMixin, forms.Form):
    """Who the respondent is and the purchase they took part in."""

    organization = forms.ModelChoiceField(
        queryset=None, required=False, empty_label="— a new organization —"
    )
    organization_name = NameField(
        required=False,
        max_length=200,
        label="New organization's name",
        help_text="An organization already on file is reused when its name is typed.",
    )
    buyer_name = NameField(required=False, max_length=200, label="Name")
    title = NameField(required=False, max_length=200)
    role = forms.ChoiceField(
        required=False, choices=with_blank(BuyingRole), label="Role in the buying group"
    )
    product_area = NameField(required=False, max_length=200)
    buying_situation = forms.ChoiceField(required=False, choices=with_blank(BuyingSituation))
    outcome = forms.ChoiceField(required=False, choices=with_blank(Outcome))
    deal_size_band = forms.ChoiceField(required=False, choices=with_blank(DealSize))
    purchase_date = forms.DateField(required=False, widget=DateInput())

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        organizations = Listing(Organization.objects.filter(client=client))
        self.fields["organization"].queryset = organizations.queryset
        organizations.limit(self, "organization")

    def clean_purchase_date(self):
        return not_future(self.cleaned_data.get("purchase_date"), "purchase date")

    def require(self, name: str, message: str, *, present: bool) -> None:
        # A field already reported (e.g. an unknown id) keeps its own, more precise error.
        if not present and name not in self.errors:
            self.add_error(name, message)

    def require_buyer_fields(self, data: dict) -> None:
        """An organization (chosen or typed) and a role: what every respondent has."""
        if "organization" not in self.errors:
            self.require(
                "organization_name",
                "Choose an organization or type a new one's name.",
                present=bool(data.get("organization") or data.get("organization_name")),
            )
        self.require(
            "role",
            "Choose the respondent's role in the buying group.",
            present=bool(data.get("role")),
        )

    def buyer_details(self) -> BuyerDetails:
        data = self.cleaned_data
        return BuyerDetails(
            role=data["role"],
            organization=data.get("organization"),
            organization_name=data.get("organization_name", ""),
            name=data["buyer_name"],
            title=data["title"],
            product_area=data["product_area"],
            buying_situation=data["buying_situation"],
            outcome=data["outcome"],
            deal_size_band=data["deal_size_band"],
            purchase_date=data["purchase_date"],
        )


class BuyerForm(BuyerFieldsForm):
    """Correcting a respondent on file; every respondent has an organization and a role."""

    def clean(self):
        data = super().clean()
        self.require_buyer_fields(data)
        return data

    @staticmethod
    def initial_for(buyer: Buyer) -> dict:
        return {
            "organization": buyer.organization_id,
            "buyer_name": buyer.name,
            "title": buyer.title,
            "role": buyer.role,
            "product_area": buyer.product_area,
            "buying_situation": buyer.buying_situation,
            "outcome": buyer.outcome,
            "deal_size_band": buyer.deal_size_band,
            "purchase_date": buyer.purchase_date,
        }


class BuyerFilterForm(ListFilters, BootstrapMixin, forms.Form):
    q = forms.CharField(required=False, label="Name, title or organization")
