"""Database check constraints for choice fields and bounded numbers, built one way.

Choices on a model field are only checked by forms and full_clean(); a bulk_create, a
queryset update, COPY or the shell would store anything. These constraints make the
database refuse a value outside the field's choices or bounds, whatever path writes it.
Their names end in `_valid` (a choice) or `_range` (a bound), so that a test can list
them and fail when a choice field has none (tests/identification/test_constraints.py).
"""

import sys

from django.db import models


def one_of(model: str, field: str, choices, *, blank: bool = False) -> models.CheckConstraint:
    """`field` holds one of `choices`' values (or "" when `blank`)."""
    values = [str(v) for v in getattr(choices, "values", choices)]
    allowed = ", ".join(values) + (", or blank" if blank else "")
    label = field.replace("_", " ").capitalize()
    return models.CheckConstraint(
        condition=models.Q(**{f"{field}__in": [*values, *([""] if blank else [])]}),
        name=f"{model}_{field}_valid",
        violation_error_message=f"{label} must be one of: {allowed}.",
    )


def in_range(
    model: str,
    field: str,
    *,
    low: float | None = None,
    high: float | None = None,
    finite: bool = False,
) -> models.CheckConstraint:
    """`low` <= `field` <= `high` (either bound optional).

    `finite` also refuses infinity and, on PostgreSQL, NaN (which sorts above every
    number there; SQLite stores NaN as NULL, which the column refuses anyway).
    """
    if low is None and high is None:
        raise ValueError("in_range needs a bound")
    condition = models.Q()
    if low is not None:
        condition &= models.Q(**{f"{field}__gte": low})
    if high is not None:
        condition &= models.Q(**{f"{field}__lte": high})
    elif finite:
        # Not `< inf`: SQLite cannot spell infinity in a table definition.
        condition &= models.Q(**{f"{field}__lte": sys.float_info.max})
    words = {
        (True, True): f"between {low} and {high}",
        (True, False): f"at least {low}",
        (False, True): f"at most {high}",
    }[(low is not None, high is not None)]
    if finite and high is None:
        words = f"a finite number, {words}"
    return models.CheckConstraint(
        condition=condition,
        name=f"{model}_{field}_range",
        violation_error_message=f"{field.replace('_', ' ').capitalize()} must be {words}.",
    )


def json_weights(model: str, field: str, keys, *, required: bool) -> models.CheckConstraint:
    """A JSON object of weights: each of `keys` that is present is a number >= 0.

    With `required`, every key must be present. The type of a value is the model
    validator's business (identification.models.validators); this is the backstop.
    """
    keys = [str(k) for k in getattr(keys, "values", keys)]
    condition = models.Q(**{f"{field}__has_keys": keys}) if required else models.Q()
    for key in keys:
        condition &= models.Q(**{f"{field}__{key}__gte": 0})
    return models.CheckConstraint(
        condition=condition,
        name=f"{model}_{field}_range",
        violation_error_message=(
            f"{field.replace('_', ' ').capitalize()}: "
            + ("give " if required else "")
            + f"a weight of zero or more for {', '.join(keys)}."
        ),
    )
