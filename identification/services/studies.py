"""Changing a study's configuration: its decision stages and weights, its ranking settings."""

import math
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


NAME_MAX_LENGTH = DecisionStage._meta.get_field("name").max_length


def _clean_name(name: str) -> str:
    return " ".join((name or "").split())


def _row_errors(*, study: Study, i: int, row: StageInput, seen: dict[str, int]) -> dict:
    """What is wrong with one row; `seen` collects the kept names (casefolded) so far."""
    errors = {}
    if row.stage is not None and row.stage.study_id != study.pk:
        errors[f"stages-{i}-name"] = "This stage belongs to another study."
    if row.delete:
        if row.stage is not None and Mention.objects.filter(stage=row.stage).exists():
            errors[f"stages-{i}-delete"] = "Mentions use this stage: it cannot be deleted."
        return errors
    name = _clean_name(row.name)
    key = name.casefold()
    if not key:
        errors[f"stages-{i}-name"] = "Enter a name."
    elif len(name) > NAME_MAX_LENGTH:
        errors[f"stages-{i}-name"] = f"A name has at most {NAME_MAX_LENGTH} characters."
    elif key in seen:
        errors[f"stages-{i}-name"] = "Two stages cannot have the same name."
    seen[key] = i
    if row.weight is None or not math.isfinite(row.weight) or row.weight < 0:
        errors[f"stages-{i}-weight"] = "The weight must be zero or more."
    return errors


def _check_stages(*, study: Study, stages: list[StageInput]) -> None:
    """Raise one ValidationError naming every faulty row (keys `stages-<i>-<field>`)."""
    errors, seen = {}, {}
    for i, row in enumerate(stages):
        errors.update(_row_errors(study=study, i=i, row=row, seen=seen))
    if all(row.delete for row in stages):
        errors["stages"] = "A study needs at least one decision stage."
    if errors:
        raise ValidationError(errors)


def _delete_stages(stages: list[StageInput]) -> None:
    for row in stages:
        if row.delete and row.stage is not None:
            NonPersonInfluence.objects.filter(stage=row.stage).delete()
            row.stage.delete()


def _move_out_of_the_way(kept: list[StageInput]) -> None:
    # The (study, order) and (study, name) constraints would otherwise trip over a swap
    # half-way through.
    for n, stage in enumerate((r.stage for r in kept if r.stage is not None), start=1):
        stage.order = 10_000 + n
        stage.name = f"__moving-{stage.pk}__"
        stage.save(update_fields=["order", "name"])


def _write_in_order(*, study: Study, kept: list[StageInput]) -> list[DecisionStage]:
    result = []
    for n, row in enumerate(sorted(kept, key=lambda r: r.order), start=1):
        stage = row.stage or DecisionStage(study=study)
        stage.order, stage.name, stage.weight = n, _clean_name(row.name), row.weight
        stage.save()
        result.append(stage)
    return result


@transaction.atomic
def update_stages(*, study: Study, stages: list[StageInput]) -> list[DecisionStage]:
    """Replace a study's decision stages: rename, reorder, reweight, add, delete unused ones.

    Orders are renumbered 1..n in the order given; names must be unique and weights ≥ 0.
    Raises ValidationError (keys `stages-<i>-<field>`) and writes nothing on bad input.
    """
    _check_stages(study=study, stages=stages)
    kept = [row for row in stages if not row.delete]
    _delete_stages(stages)
    _move_out_of_the_way(kept)
    result = _write_in_order(study=study, kept=kept)
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
