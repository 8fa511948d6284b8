"""Logging, editing and deleting interviews: the evidence an analyst records by hand.

Every function validates everything before it writes anything, and writes in one
transaction: a bad row leaves no buyer, organization or influencer behind. A typed
influencer name is resolved against the client's registry with the import's rules
(identification.resolution): an exact or confident match is that influencer, a near one
is refused with a "did you mean" until the analyst says it is a different person.
"""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification.models import (
    Buyer,
    Category,
    DecisionStage,
    Evidence,
    Influencer,
    Mention,
    NonPersonInfluence,
    Study,
    normalize_name,
)
from identification.models.choices import (
    Channel,
    Direction,
    EvidenceKind,
    NonPersonSource,
    Strength,
)
from identification.resolution import AMBIGUOUS, EXACT, FUZZY, NEAR, load_registry, resolve_names
from identification.services.buyers import BuyerDetails, check_buyer_details, create_buyer
from identification.services.runs import request_auto_run

# The code of a mention row's "did you mean" error; its params name the candidate ids.
NEAR_MATCH = "near_match"
# How many near matches a "did you mean" names.
SUGGESTIONS = 3

# A respondent typed in on the interview form; created only if the whole interview saves.
NewBuyer = BuyerDetails


@dataclass
class MentionInput:
    """One mention row: an existing influencer, or a new one named with its category."""

    stage: DecisionStage
    influencer: Influencer | None = None
    new_influencer_name: str = ""
    new_influencer_category: Category | None = None
    # The analyst confirmed the new name is not the registry's close match. A name or alias
    # that is exactly one influencer's stays that influencer.
    new_is_distinct: bool = False
    strength: str = Strength.NOTABLE
    direction: str = Direction.NEUTRAL
    channel: str = Channel.IN_PERSON
    quote: str = ""
    mention: Mention | None = None  # the row being edited, when updating an interview


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
        errors.update(check_buyer_details(client=client, details=new_buyer))
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


def _did_you_mean(candidates: list[Influencer]) -> ValidationError:
    names = " or ".join(f"{c.name} ({c.category.name})" for c in candidates)
    which = "it" if len(candidates) == 1 else "one"
    return ValidationError(
        "Did you mean %(names)s? Choose " + which + " above, or tick 'a different person' "
        "to create a new influencer.",
        code=NEAR_MATCH,
        params={"names": names, "candidates": [c.pk for c in candidates]},
    )


def _match_new_names(
    *, client, mentions: list[MentionInput]
) -> tuple[dict[int, Influencer], dict[int, ValidationError]]:
    """Resolve the rows' new names against the registry, as an import does.

    Returns the influencer each row reuses (an exact or confident match), by row index, and
    the "did you mean" error of each row whose name only nearly matches.
    """
    typed = {
        i: normalize_name(row.new_influencer_name)
        for i, row in enumerate(mentions)
        if row.influencer is None and normalize_name(row.new_influencer_name)
    }
    if not typed:
        return {}, {}
    resolutions = resolve_names(load_registry(client=client), typed.values())
    reuse_ids, doubtful = {}, {}
    for i, key in typed.items():
        resolution = resolutions[key]
        distinct = mentions[i].new_is_distinct
        if resolution.method == EXACT or (resolution.method == FUZZY and not distinct):
            reuse_ids[i] = resolution.influencer_id
        elif resolution.method in (NEAR, AMBIGUOUS) and not distinct:
            doubtful[i] = [c.id for c in resolution.candidates[:SUGGESTIONS]]
    wanted = {*reuse_ids.values(), *(pk for ids in doubtful.values() for pk in ids)}
    found = Influencer.objects.select_related("category").in_bulk(wanted)
    reuse = {i: found[pk] for i, pk in reuse_ids.items()}
    errors = {i: _did_you_mean([found[pk] for pk in ids]) for i, ids in doubtful.items()}
    return reuse, errors


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
) -> dict[int, Influencer]:
    """Raise one ValidationError naming every faulty field; mention rows as `mentions-<i>-<f>`.

    Returns the existing influencer each new-name row resolved to, by row index.
    """
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
        for name, message in _check_mention(study=study, row=row, evidence=evidence).items():
            errors[f"mentions-{i}-{name}"] = message
    reuse, near = _match_new_names(client=study.client, mentions=mentions)
    for i, error in near.items():
        errors.setdefault(f"mentions-{i}-new_influencer_name", error)
    if errors:
        raise ValidationError(errors)
    return reuse


def _new_influencer(*, client, row: MentionInput, created: dict) -> Influencer:
    # The same new name on two rows of one interview is one new influencer.
    key = normalize_name(row.new_influencer_name)
    if key not in created:
        influencer = Influencer(
            client=client,
            name=" ".join(row.new_influencer_name.split()),
            category=row.new_influencer_category,
        )
        influencer.full_clean()
        influencer.save()
        created[key] = influencer
    return created[key]


def _write_mentions(
    *, evidence: Evidence, mentions: list[MentionInput], reuse: dict[int, Influencer]
) -> None:
    created: dict[str, Influencer] = {}
    kept_ids = []
    for i, row in enumerate(mentions):
        influencer = (
            row.influencer
            or reuse.get(i)
            or _new_influencer(client=evidence.study.client, row=row, created=created)
        )
        mention = row.mention or Mention(evidence=evidence)
        mention.position = i
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
    reuse = _validate(
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
        buyer = create_buyer(client=study.client, details=new_buyer)
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
    _write_mentions(evidence=evidence, mentions=mentions, reuse=reuse)
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
    reuse = _validate(
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
        buyer = create_buyer(client=study.client, details=new_buyer)
    evidence.buyer = buyer
    evidence.respondent_influencer = respondent_influencer
    evidence.collected_on = collected_on
    evidence.notes = notes.strip()
    evidence.save()
    _write_non_person(evidence=evidence, non_person=non_person)
    _write_mentions(evidence=evidence, mentions=mentions, reuse=reuse)
    request_auto_run(study=study)
    return evidence


@transaction.atomic
def delete_interview(*, evidence: Evidence, user) -> None:
    """Delete an interview and its mentions; its respondent stays on file."""
    study = evidence.study
    evidence.delete()
    request_auto_run(study=study)
