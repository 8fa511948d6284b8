"""Logging, editing and deleting interviews: the evidence an analyst records by hand.

Every function validates everything before it writes anything, and writes in one
transaction: a bad row leaves no buyer, organization or influencer behind.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification.models import (
    Buyer,
    Category,
    DecisionStage,
    Evidence,
    Influencer,
    InfluencerAlias,
    Mention,
    NonPersonInfluence,
    Organization,
    Study,
    normalize_name,
)
from identification.models.choices import (
    BuyingRole,
    Channel,
    Direction,
    EvidenceKind,
    NonPersonSource,
    Strength,
)
from identification.services.runs import request_auto_run

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


@dataclass
class NewBuyer:
    """A respondent typed in on the interview form; created only if the whole interview saves."""

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


@dataclass
class MentionInput:
    """One mention row: an existing influencer, or a new one named with its category."""

    stage: DecisionStage
    influencer: Influencer | None = None
    new_influencer_name: str = ""
    new_influencer_category: Category | None = None
    strength: str = Strength.NOTABLE
    direction: str = Direction.NEUTRAL
    channel: str = Channel.IN_PERSON
    quote: str = ""
    mention: Mention | None = None  # the row being edited, when updating an interview
    errors: dict = field(default_factory=dict, repr=False)


def _check_respondent(*, client, buyer, respondent_influencer, new_buyer) -> dict:
    errors = {}
    given = [x for x in (buyer, respondent_influencer, new_buyer) if x is not None]
    if len(given) != 1:
        errors["respondent"] = "Choose one respondent: a buyer, an influencer, or a new buyer."
    if buyer is not None and buyer.client_id != client.pk:
        errors["buyer"] = "Choose a buyer of this client."
    if respondent_influencer is not None and respondent_influencer.client_id != client.pk:
        errors["respondent_influencer"] = "Choose an influencer of this client."
    if new_buyer is not None:
        org = new_buyer.organization
        if org is not None and org.client_id != client.pk:
            errors["organization"] = "Choose an organization of this client."
        if org is None and not new_buyer.organization_name.strip():
            errors["organization_name"] = "Choose an organization or type a new one's name."
        if new_buyer.role not in BuyingRole.values:
            errors["role"] = "Choose the respondent's role in the buying group."
        if new_buyer.purchase_date and new_buyer.purchase_date > timezone.localdate():
            errors["purchase_date"] = "The purchase date cannot be in the future."
    return errors


def _check_mention(*, study: Study, row: MentionInput, evidence: Evidence | None) -> dict:
    errors = {}
    if row.stage is None or row.stage.study_id != study.pk:
        errors["stage"] = "Choose a decision stage of this study."
    if row.influencer is not None:
        if row.influencer.client_id != study.client_id:
            errors["influencer"] = "Choose an influencer of this client."
    elif not normalize_name(row.new_influencer_name):
        errors["influencer"] = "Choose an influencer or type a new one's name."
    elif row.new_influencer_category is None:
        errors["new_influencer_category"] = "Choose the new influencer's category."
    elif row.new_influencer_category.client_id != study.client_id:
        errors["new_influencer_category"] = "Choose a category of this client."
    for name, choices in (
        ("strength", Strength),
        ("direction", Direction),
        ("channel", Channel),
    ):
        if getattr(row, name) not in choices.values:
            errors[name] = f"Choose a valid {name}."
    if row.mention is not None and (evidence is None or row.mention.evidence_id != evidence.pk):
        errors["mention"] = "This mention belongs to another interview."
    return errors


def _validate(
    *,
    study: Study,
    evidence: Evidence | None,
    buyer,
    respondent_influencer,
    new_buyer,
    collected_on,
    non_person,
    mentions,
) -> None:
    """Raise one ValidationError naming every faulty field; mention rows as `mentions-<i>-<f>`."""
    errors = _check_respondent(
        client=study.client,
        buyer=buyer,
        respondent_influencer=respondent_influencer,
        new_buyer=new_buyer,
    )
    if collected_on is None:
        errors["collected_on"] = "Enter the date of the interview."
    elif collected_on > timezone.localdate():
        errors["collected_on"] = "The interview date cannot be in the future."
    for stage, source in non_person:
        if stage.study_id != study.pk or source not in NonPersonSource.values:
            errors["non_person"] = "Choose sources and stages of this study."
    for i, row in enumerate(mentions):
        row.errors = _check_mention(study=study, row=row, evidence=evidence)
        for name, message in row.errors.items():
            errors[f"mentions-{i}-{name}"] = message
    if errors:
        raise ValidationError(errors)


def _create_buyer(*, client, new_buyer: NewBuyer) -> Buyer:
    organization = new_buyer.organization
    if organization is None:
        name = " ".join(new_buyer.organization_name.split())
        # Typing the name of an organization already on file means that organization.
        organization = Organization.objects.filter(client=client, name__iexact=name).first()
        if organization is None:
            organization = Organization.objects.create(client=client, name=name)
    buyer = Buyer(
        client=client,
        organization=organization,
        **{name: getattr(new_buyer, name) for name in BUYER_FIELDS},
    )
    buyer.full_clean()
    buyer.save()
    return buyer


def _resolve_influencer(*, client, row: MentionInput, created: dict) -> Influencer:
    if row.influencer is not None:
        return row.influencer
    key = normalize_name(row.new_influencer_name)
    if key in created:
        return created[key]
    # A "new" name that is exactly an existing name or alias is that influencer, not a twin.
    existing = Influencer.objects.filter(client=client, normalized_name=key).first() or next(
        (
            a.influencer
            for a in InfluencerAlias.objects.filter(
                influencer__client=client, normalized=key
            ).select_related("influencer")[:1]
        ),
        None,
    )
    if existing is None:
        existing = Influencer.objects.create(
            client=client,
            name=" ".join(row.new_influencer_name.split()),
            category=row.new_influencer_category,
        )
    created[key] = existing
    return existing


def _write_mentions(*, evidence: Evidence, mentions: list[MentionInput]) -> None:
    created: dict[str, Influencer] = {}
    kept_ids = []
    for row in mentions:
        influencer = _resolve_influencer(client=evidence.study.client, row=row, created=created)
        mention = row.mention or Mention(evidence=evidence)
        mention.influencer = influencer
        mention.stage = row.stage
        mention.strength = row.strength
        mention.direction = row.direction
        mention.channel = row.channel
        mention.quote = row.quote.strip()
        mention.save()
        kept_ids.append(mention.pk)
    evidence.mentions.exclude(pk__in=kept_ids).delete()


def _write_non_person(*, evidence: Evidence, non_person) -> None:
    evidence.non_person_influences.all().delete()
    NonPersonInfluence.objects.bulk_create(
        NonPersonInfluence(evidence=evidence, stage=stage, source=source)
        for stage, source in sorted(set(non_person), key=lambda p: (p[0].order, p[1]))
    )


@transaction.atomic
def record_interview(
    *,
    study: Study,
    user,
    buyer: Buyer | None = None,
    respondent_influencer: Influencer | None = None,
    new_buyer: NewBuyer | None = None,
    collected_on: dt.date,
    notes: str = "",
    non_person: list[tuple[DecisionStage, str]] = (),
    mentions: list[MentionInput] = (),
) -> Evidence:
    """Record one interview with its respondent, non-person influences and mentions.

    The respondent is an existing buyer, an influencer interviewed about who influences
    them, or a new buyer created here. Raises ValidationError and writes nothing if any
    part is invalid; asks for a fresh ranking of the study on success.
    """
    mentions, non_person = list(mentions), list(non_person)
    _validate(
        study=study,
        evidence=None,
        buyer=buyer,
        respondent_influencer=respondent_influencer,
        new_buyer=new_buyer,
        collected_on=collected_on,
        non_person=non_person,
        mentions=mentions,
    )
    if new_buyer is not None:
        buyer = _create_buyer(client=study.client, new_buyer=new_buyer)
    evidence = Evidence.objects.create(
        study=study,
        kind=EvidenceKind.INTERVIEW,
        buyer=buyer,
        respondent_influencer=respondent_influencer,
        collected_on=collected_on,
        collected_by=user,
        notes=notes.strip(),
    )
    _write_non_person(evidence=evidence, non_person=non_person)
    _write_mentions(evidence=evidence, mentions=mentions)
    request_auto_run(study=study)
    return evidence


@transaction.atomic
def update_interview(
    *,
    evidence: Evidence,
    user,
    buyer: Buyer | None = None,
    respondent_influencer: Influencer | None = None,
    new_buyer: NewBuyer | None = None,
    collected_on: dt.date,
    notes: str = "",
    non_person: list[tuple[DecisionStage, str]] = (),
    mentions: list[MentionInput] = (),
) -> Evidence:
    """Change an interview: rows with `mention` set are edited, others added, the rest deleted.

    Same validation as record_interview; the collector stays the analyst who logged it.
    """
    study = evidence.study
    mentions, non_person = list(mentions), list(non_person)
    _validate(
        study=study,
        evidence=evidence,
        buyer=buyer,
        respondent_influencer=respondent_influencer,
        new_buyer=new_buyer,
        collected_on=collected_on,
        non_person=non_person,
        mentions=mentions,
    )
    if new_buyer is not None:
        buyer = _create_buyer(client=study.client, new_buyer=new_buyer)
    evidence.buyer = buyer
    evidence.respondent_influencer = respondent_influencer
    evidence.collected_on = collected_on
    evidence.notes = notes.strip()
    evidence.save()
    _write_non_person(evidence=evidence, non_person=non_person)
    _write_mentions(evidence=evidence, mentions=mentions)
    request_auto_run(study=study)
    return evidence


@transaction.atomic
def delete_interview(*, evidence: Evidence, user) -> None:
    """Delete an interview and its mentions; its respondent stays on file."""
    study = evidence.study
    evidence.delete()
    request_auto_run(study=study)
