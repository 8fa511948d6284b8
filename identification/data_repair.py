"""Repairing stored values before a migration adds check constraints over them.

A migration that adds a check constraint fails on the first row that breaks it, with the
database's terse message. `repair_or_refuse` runs first: it finds the rows that break
each constraint, repairs those whose intended value is certain, and otherwise stops the
migration with a message naming the table, the field, how many rows and which values, so
that an administrator can correct them and migrate again. Nothing is half-done: the
migration's transaction keeps either every repair and constraint or none.

It works on the historical models a migration passes in (`apps`), never on today's.
"""

from __future__ import annotations

import ast
import logging
from collections.abc import Callable

from django.db.models import BooleanField, Value
from django.db.models.functions import Coalesce

from identification.models import normalize_name

logger = logging.getLogger(__name__)

SAMPLE = 5


class UnrepairableValues(RuntimeError):
    """Stored values break a new constraint and their intended value cannot be known."""


def _key(text) -> str:
    # "In person", "in_person", "IN-PERSON" and "in person" all name one choice.
    return normalize_name(str(text).replace("_", " ").replace("-", " "))


def choice_for(value, choices) -> str | None:
    """The one choice (value, label pairs) that `value` spells differently, or None."""
    matches = {stored for stored, label in choices if _key(value) in (_key(stored), _key(label))}
    return matches.pop() if len(matches) == 1 else None


def shifted_channels(value) -> tuple[str, ...] | None:
    """The channels of a kind stored as "('web',)": the demo passed them where the kind goes.

    The demo's Person took `kind` before `channels`, and fifteen people were given their
    channels positionally, so their tuple landed in `kind`; every one of them is a person.
    """
    if not isinstance(value, str) or not value.startswith("("):
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError):
        return None
    if isinstance(parsed, tuple) and parsed and all(isinstance(c, str) for c in parsed):
        return parsed
    return None


def _violations(model, constraint):
    # As the database sees it: a condition that is unknown (NULL) does not break the check.
    ok = Coalesce(constraint.condition, Value(True), output_field=BooleanField())
    return model._base_manager.annotate(_check_ok=ok).filter(_check_ok=False)


def _choice_field(constraint) -> tuple[str, list] | None:
    """(field, allowed values) of a `field__in` constraint (constraints.one_of), else None."""
    children = constraint.condition.children
    if len(children) == 1 and isinstance(children[0], tuple):
        lookup, allowed = children[0]
        if lookup.endswith("__in"):
            return lookup.removesuffix("__in"), list(allowed)
    return None


def _repair_choices(model, constraint, fixes) -> list[str]:
    """Rewrite each recoverable bad value of a choice constraint; returns what was done."""
    field, allowed = _choice_field(constraint)
    choices = [(v, label) for v, label in model._meta.get_field(field).flatchoices if v in allowed]
    fix = fixes.get(f"{model._meta.model_name}.{field}")
    done = []
    bad = _violations(model, constraint)
    # order_by(): a model's default ordering would make DISTINCT keep duplicates.
    for value in bad.order_by().values_list(field, flat=True).distinct():
        target = (fix(value) if fix else None) or choice_for(value, choices)
        if target is None or target not in allowed:
            continue
        # Every row holding a value outside the choices breaks the constraint.
        count = model._base_manager.filter(**{field: value}).update(**{field: target})
        done.append(f"{model._meta.db_table}.{field}: {count} row(s) {value!r} → {target!r}")
    return done


def _describe(model, constraint, rows) -> str:
    field = (_choice_field(constraint) or (None,))[0]
    sample = list(rows.order_by("pk")[:SAMPLE])
    shown = ", ".join(
        f"id {obj.pk}" + (f" = {getattr(obj, field)!r}" if field else "") for obj in sample
    )
    return (
        f"{model._meta.db_table}: {rows.count()} row(s) break {constraint.name} "
        f"({constraint.violation_error_message}), e.g. {shown}"
    )


def _fire_deferred_checks(schema_editor) -> None:
    """Run the foreign-key checks the repairs left pending, before the tables are altered.

    PostgreSQL defers Django's foreign-key checks to the end of the transaction, and a row
    updated twice in one transaction queues one; ALTER TABLE then refuses to run ("pending
    trigger events"). Checking them now, then deferring again, empties that queue.
    """
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


def repair_or_refuse(
    app_label: str,
    constraints: list[tuple[str, object]],
    *,
    fixes: dict[str, Callable] | None = None,
) -> Callable:
    """A RunPython function: repair or refuse the rows that break `constraints`.

    `constraints` are (model name, CheckConstraint) pairs, the same objects the migration
    then adds. A choice constraint's bad value is repaired when it is a choice spelled
    another way (a label, other case or spaces) or when `fixes["model.field"](value)`
    returns the intended value; bounds are never guessed. Any row left breaking a
    constraint raises UnrepairableValues listing them, which stops the migration.
    """
    fixes = fixes or {}

    def run(apps, schema_editor) -> None:
        repaired, refused = [], []
        for model_name, constraint in constraints:
            model = apps.get_model(app_label, model_name)
            if _choice_field(constraint) is not None:
                repaired += _repair_choices(model, constraint, fixes)
            rows = _violations(model, constraint)
            if rows.exists():
                refused.append(_describe(model, constraint, rows))
        if refused:
            raise UnrepairableValues(
                "Stored values break the new check constraints and cannot be repaired "
                "automatically; correct them (in the Django admin or the shell) and run "
                "migrate again. Nothing was changed.\n  " + "\n  ".join(refused)
            )
        for line in repaired:
            logger.warning("Repaired before adding check constraints: %s", line)
        _fire_deferred_checks(schema_editor)

    return run
