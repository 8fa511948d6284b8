"""A client's respondents (buyers): checking their details, creating and correcting them."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification.models import Buyer, Client, Organization, Study
from identification.models.choices import BuyingRole
from identification.services.runs import request_auto_run
from identification.text import BIDI_MESSAGE, has_bidi_controls

# The details of a buyer that forms edit, besides the organization.
BUYER_FIELDS = (
    "name",
    "title",
    "role",
    "product_area",
    "buying_situation",
    "outcome",
    "deal_size_band",
    "purchase_date",
)
# What the ranking reads of a respondent: a change asks the studies for a fresh run.
RANKED_FIELDS = ("organization_id", "role", "deal_size_band")


@dataclass
class BuyerDetails:
    """A respondent's details as a form gives them: an organization on file, or a new one's
    name (an organization of that name already on file is reused)."""

    role: str
    organization: Organization | None = None
    organization_name: str = ""
    name: str = ""
    title: str = ""
    product_area: str = ""
    buying_situation: str = ""
    outcome: str = ""
    deal_size_band: str = ""
    purchase_date: dt.date | None = None


def check_buyer_details(*, client: Client, details: BuyerDetails) -> dict:
    """The errors of these details by field name (empty when they are valid)."""
    errors = {}
    org = details.organization
    if org is not None and org.client_id != client.pk:
        errors["organization"] = "Choose an organization of this client."
    if org is None and not details.organization_name.strip():
        errors["organization_name"] = "Choose an organization or type a new one's name."
    elif org is None and has_bidi_controls(details.organization_name):
        errors["organization_name"] = BIDI_MESSAGE
    if details.role not in BuyingRole.values:
        errors["role"] = "Choose the respondent's role in the buying group."
    if details.purchase_date and details.purchase_date > timezone.localdate():
        errors["purchase_date"] = "The purchase date cannot be in the future."
    return errors


def _organization(*, client: Client, details: BuyerDetails) -> Organization:
    if details.organization is not None:
        return details.organization
    name = " ".join(details.organization_name.split())
    # Typing the name of an organization already on file means that organization.
    found = Organization.objects.filter(client=client, name__iexact=name).first()
    if found is not None:
        return found
    organization = Organization(client=client, name=name)
    organization.full_clean()
    organization.save()
    return organization


def _write(buyer: Buyer, *, details: BuyerDetails) -> Buyer:
    buyer.organization = _organization(client=buyer.client, details=details)
    for name in BUYER_FIELDS:
        value = getattr(details, name)
        setattr(buyer, name, value.strip() if isinstance(value, str) else value)
    buyer.full_clean()
    buyer.save()
    return buyer


def create_buyer(*, client: Client, details: BuyerDetails) -> Buyer:
    """A new respondent, from details already checked with `check_buyer_details`."""
    return _write(Buyer(client=client), details=details)


@transaction.atomic
def update_buyer(*, buyer: Buyer, details: BuyerDetails) -> Buyer:
    """Correct a respondent's details: name, title, organization, role and the purchase.

    Raises ValidationError and writes nothing on bad input. When what the ranking reads
    changes (organization, role, deal size), each study with their evidence is re-ranked.
    """
    errors = check_buyer_details(client=buyer.client, details=details)
    if errors:
        raise ValidationError(errors)
    before = [getattr(buyer, name) for name in RANKED_FIELDS]
    _write(buyer, details=details)
    if before != [getattr(buyer, name) for name in RANKED_FIELDS]:
        for study in Study.objects.filter(evidence__buyer=buyer).distinct():
            request_auto_run(study=study)
    return buyer
