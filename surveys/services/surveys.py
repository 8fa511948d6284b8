"""Questionnaires: building them, opening and closing their link, recording responses."""

import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from identification import resolution as res
from identification.models import (
    Buyer,
    Category,
    Evidence,
    Influencer,
    Mention,
    NameReview,
    NonPersonInfluence,
    Organization,
    Study,
    normalize_name,
)
from identification.models.choices import (
    BuyingRole,
    Channel,
    DealSize,
    EvidenceKind,
    Outcome,
    Strength,
)
from identification.services.runs import request_auto_run
from identification.text import BIDI_MESSAGE, has_bidi_controls
from surveys.models import NAMES_PER_STAGE, Survey, SurveyQuestion, SurveyResponse

DEFAULT_PROMPT = "Who or what most influenced you at this stage: {stage}?"


@dataclass(frozen=True)
class Answer:
    """One name given at one stage of the form."""

    stage_id: int
    name: str
    category_id: int
    channel: str
    strength: str


@transaction.atomic
def create_survey(
    *,
    study: Study,
    title: str,
    user,
    introduction: str = "",
    prompts: dict[int, str] | None = None,
    names_per_stage: int = 3,
) -> Survey:
    """A questionnaire for a study with one question per chosen stage (all by default)."""
    title_limit = Survey._meta.get_field("title").max_length
    prompt_limit = SurveyQuestion._meta.get_field("prompt").max_length
    if not title.strip():
        raise ValidationError({"title": "Give the survey a title."})
    if len(title.strip()) > title_limit:
        raise ValidationError({"title": f"A title has at most {title_limit} characters."})
    if any(len(p or "") > prompt_limit for p in (prompts or {}).values()):
        raise ValidationError(f"A question has at most {prompt_limit} characters.")
    low, high = NAMES_PER_STAGE
    if not low <= names_per_stage <= high:
        raise ValidationError(
            {"names_per_stage": f"Allow between {low} and {high} names per stage."}
        )
    stages = list(study.stages.all())
    if prompts is not None:
        stages = [s for s in stages if s.pk in prompts]
    if not stages:
        raise ValidationError("Ask about at least one decision stage.")
    survey = Survey.objects.create(
        study=study,
        title=title.strip(),
        introduction=introduction.strip(),
        names_per_stage=names_per_stage,
        created_by=user,
    )
    SurveyQuestion.objects.bulk_create(
        SurveyQuestion(
            survey=survey,
            stage=stage,
            # A long stage name could push the default question past the column: cut that.
            prompt=(
                (prompts or {}).get(stage.pk)
                or DEFAULT_PROMPT.format(stage=stage.name)[:prompt_limit]
            ),
        )
        for stage in stages
    )
    return survey


def set_survey_open(*, survey: Survey, is_open: bool) -> Survey:
    """Open or close a survey's public link; a closed link shows a closed page."""
    survey.is_open = is_open
    survey.closed_at = None if is_open else timezone.now()
    survey.save(update_fields=["is_open", "closed_at"])
    return survey


def _organization(client, name: str) -> Organization:
    name = " ".join(name.split())
    existing = Organization.objects.filter(client=client, name__iexact=name).first()
    if existing is not None:
        return existing
    organization = Organization(client=client, name=name)
    organization.full_clean()
    organization.save()
    return organization


def _check_answers(answers: list[Answer], *, stage_ids: set, category_ids: set) -> None:
    for answer in answers:
        if answer.stage_id not in stage_ids or answer.category_id not in category_ids:
            raise ValidationError("An answer refers to a stage or category of another survey.")
        if answer.channel not in Channel.values or answer.strength not in Strength.values:
            raise ValidationError("Choose each name's channel and strength from the lists.")
        if not normalize_name(answer.name) or len(" ".join(answer.name.split())) > 200:
            raise ValidationError("Give each name in at most 200 characters.")


def _influencers_for(*, client, answers: list[Answer], survey: Survey) -> dict[str, int]:
    """normalized name → influencer id; anything not matched with confidence is provisional
    and queued for review, so a respondent's typing never merges into someone silently."""
    registry = res.load_registry(client=client)
    resolved = res.resolve_names(registry, [a.name for a in answers])
    ids: dict[str, int] = {}
    for answer in answers:
        key = normalize_name(answer.name)
        if key in ids:
            continue
        outcome = resolved[key]
        if outcome.method in (res.EXACT, res.FUZZY):
            ids[key] = outcome.influencer_id
            continue
        influencer = Influencer.objects.create(
            client=client,
            name=" ".join(answer.name.split())[:200],
            category_id=answer.category_id,
            provisional=True,
        )
        NameReview.objects.create(
            client=client,
            name=influencer.name,
            source=f"Survey “{survey.title}”"[:200],
            candidates=[c.as_dict() for c in outcome.candidates],
            provisional_influencer=influencer,
        )
        ids[key] = influencer.pk
    return ids


@transaction.atomic
def submit_survey_response(
    *,
    survey: Survey,
    organization: str,
    role: str,
    answers: list[Answer],
    non_person: list[tuple[int, str]] = (),
    name: str = "",
    outcome: str = "",
    deal_size: str = "",
) -> SurveyResponse:
    """Record one response as one survey Evidence with its mentions, in one transaction."""
    if not survey.is_open:
        raise ValidationError("This survey is closed.")
    study = survey.study
    client = study.client
    if not organization.strip():
        raise ValidationError({"organization": "Enter your organization."})
    if (
        role not in BuyingRole.values
        or outcome not in ("", *Outcome.values)
        or (deal_size not in ("", *DealSize.values))
    ):
        raise ValidationError("Choose your role, the outcome and the deal size from the lists.")
    stage_ids = set(survey.questions.values_list("stage_id", flat=True))
    category_ids = set(Category.objects.filter(client=client).values_list("pk", flat=True))
    _check_answers(answers, stage_ids=stage_ids, category_ids=category_ids)
    if any(stage_id not in stage_ids for stage_id, _ in non_person):
        raise ValidationError("An answer refers to a stage of another survey.")
    # Names reach the ranking and the registry as typed: none may reorder how it is shown.
    if any(has_bidi_controls(text) for text in (name, organization, *(a.name for a in answers))):
        raise ValidationError(BIDI_MESSAGE, code="bidi_controls")
    buyer = Buyer(
        client=client,
        organization=_organization(client, organization),
        name=" ".join(name.split()),
        role=role,
        outcome=outcome,
        deal_size_band=deal_size,
    )
    buyer.full_clean()
    buyer.save()
    evidence = Evidence.objects.create(
        study=study,
        kind=EvidenceKind.SURVEY,
        buyer=buyer,
        collected_on=timezone.localdate(),
        source_key=f"survey:{survey.pk}:{secrets.token_hex(8)}",
        notes=f"Answered the survey “{survey.title}”.",
    )
    ids = _influencers_for(client=client, answers=answers, survey=survey)
    Mention.objects.bulk_create(
        Mention(
            evidence=evidence,
            influencer_id=ids[normalize_name(a.name)],
            stage_id=a.stage_id,
            strength=a.strength,
            channel=a.channel,
        )
        for a in answers
    )
    NonPersonInfluence.objects.bulk_create(
        NonPersonInfluence(evidence=evidence, stage_id=stage_id, source=source)
        for stage_id, source in sorted(set(non_person))
    )
    response = SurveyResponse.objects.create(survey=survey, evidence=evidence)
    request_auto_run(study=study)
    return response
