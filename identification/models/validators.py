"""Validators of the JSON fields whose shape the database cannot fully check.

They run in full_clean(), so the admin's forms and every service that cleans a model
refuse a bad table with a message; the check constraints beside them
(identification.models.constraints) refuse negative weights whatever path writes them.
"""

import math

from django.core.exceptions import ValidationError

from identification.models.choices import BuyingRole, Strength


def _number(value) -> bool:
    # bool is an int in Python, but `true` is no weight.
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _check_table(value, *, allowed, required: bool, what: str) -> None:
    if not isinstance(value, dict):
        raise ValidationError(f'Give the {what} as an object, e.g. {{"{allowed[0]}": 1.0}}.')
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        raise ValidationError(
            f"Unknown {what}: {', '.join(map(str, unknown))} (expected {', '.join(allowed)})."
        )
    missing = [k for k in allowed if k not in value] if required else []
    if missing:
        raise ValidationError(f"The {what} lack {', '.join(missing)}.")
    bad = [k for k, v in value.items() if not _number(v) or v < 0]
    if bad:
        raise ValidationError(
            f"Each of the {what} must be a number, zero or more: {', '.join(bad)}."
        )


def validate_strength_weights(value) -> None:
    """A weight (a number >= 0) for each of minor, notable and decisive."""
    _check_table(value, allowed=Strength.values, required=True, what="strength weights")


def validate_role_weights(value) -> None:
    """A weight (a number >= 0) per buying-group role; a role left out weighs the default."""
    _check_table(value, allowed=BuyingRole.values, required=False, what="role weights")


def validate_audience(value) -> None:
    """Audience figures: network name → a whole number of followers, zero or more."""
    if not isinstance(value, dict):
        raise ValidationError('Give the audience as an object, e.g. {"LinkedIn": 12000}.')
    bad = [
        str(k)
        for k, v in value.items()
        if not str(k).strip() or isinstance(v, bool) or not isinstance(v, int) or v < 0
    ]
    if bad:
        raise ValidationError(
            f"Each audience figure must be a whole number, zero or more: {', '.join(bad)}."
        )
