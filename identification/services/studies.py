"""Changing a study's configuration: its decision stages and weights, its ranking settings."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from identification.models import DecisionStage, Mention, NonPersonInfluence, Study
from identification.services.runs import request_auto_run


@dataclass
class StageInput:
    """One row of the stages form; `stage` is None for a new stage."""

    name: str
    order: int
    weight: float
    stage: DecisionStage | None = None
    delete: bool = False


@transaction.atomic
def update_stages(*, study: Study, stages: list[StageInput]) -> list[DecisionStage]:  # noqa: C901 — split by issue 7
    """Replace a study's decision stages: rename, reorder, reweight, add, delete unused ones.

    Orders are renumbered 1..n in the order given; names must be unique and weights ≥ 0.
    Raises ValidationError (keys `stages-<i>-<field>`) and writes nothing on bad input.
    """
    errors, seen = {}, {}
    kept = [s for s in stages if not s.delete]
    for i, row in enumerate(stages):
        if row.stage is not None and row.stage.study_id != study.pk:
            errors[f"stages-{i}-name"] = "This stage belongs to another study."
        if row.delete:
            if row.stage is not None and Mention.objects.filter(stage=row.stage).exists():
                errors[f"stages-{i}-delete"] = "Mentions use this stage: it cannot be deleted."
            continue
        key = " ".join(row.name.split()).casefold()
        if not key:
            errors[f"stages-{i}-name"] = "Enter a name."
        elif key in seen:
            errors[f"stages-{i}-name"] = "Two stages cannot have the same name."
        seen[key] = i
        if row.weight is None or row.weight < 0:
            errors[f"stages-{i}-weight"] = "The weight must be zero or more."
    if not kept:
        errors["stages"] = "A study needs at least one decision stage."
    if errors:
        raise ValidationError(errors)

    for row in stages:
        if row.delete and row.stage is not None:
            NonPersonInfluence.objects.filter(stage=row.stage).delete()
            row.stage.delete()
    existing = [r.stage for r in kept if r.stage is not None]
    # Move every kept stage out of the way first: the (study, order) and (study, name)
    # constraints would otherwise trip over a swap half-way through.
    for n, stage in enumerate(existing, start=1):
        stage.order = 10_000 + n
        stage.name = f"__moving-{stage.pk}__"
        stage.save(update_fields=["order", "name"])
    result = []
    for n, row in enumerate(sorted(kept, key=lambda r: r.order), start=1):
        stage = row.stage or DecisionStage(study=study)
        stage.order, stage.name, stage.weight = n, " ".join(row.name.split()), row.weight
        stage.save()
        result.append(stage)
    request_auto_run(study=study)
    return result


SETTINGS_FIELDS = ("damping", "recency_half_life_days", "weight_by_deal_size")


@transaction.atomic
def update_study_settings(
    *, study: Study, damping: float, recency_half_life_days: int, weight_by_deal_size: bool
) -> Study:
    """Change how a study's ranking weighs its evidence; a change asks for a new ranking.

    Raises ValidationError (keyed by field) and writes nothing on a value out of range.
    """
    before = {name: getattr(study, name) for name in SETTINGS_FIELDS}
    study.damping = damping
    study.recency_half_life_days = recency_half_life_days
    study.weight_by_deal_size = weight_by_deal_size
    try:
        study.full_clean(validate_unique=False)
    except ValidationError:
        for name, value in before.items():
            setattr(study, name, value)
        raise
    if {name: getattr(study, name) for name in SETTINGS_FIELDS} != before:
        study.save(update_fields=list(SETTINGS_FIELDS))
        request_auto_run(study=study)
    return study
