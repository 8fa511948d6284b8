"""Reading a mapped file's values: each field's value on each row, our choices and dates.

Unknown values, unreadable or future dates, text longer than its column holds and bad
defaults are problems of the plan, so that the write phase only ever sees valid values.
"""

import datetime as dt

import numpy as np
import pandas as pd
from django.utils import timezone

from identification.models import Buyer, Influencer, Organization, normalize_name
from surveys.imports.mapping import FIELDS, Mapping
from surveys.imports.plan import Plan
from surveys.imports.vocabulary import Vocabulary, expected_choices, lookup

TEXT_FIELDS = (
    "respondent_id",
    "respondent_name",
    "title",
    "organization",
    "influencer_id",
    "influencer_name",
    "quote",
)
DATE_FORMATS = "write dates as YYYY-MM-DD (a time part is ignored) or DD/MM/YYYY"
NOT_AFTER_TODAY = "an answer cannot be dated after today"
BUILT_IN_DEFAULTS = {"strength": "notable", "direction": "neutral", "channel": "in_person"}
# Where each text field is stored; a longer value would be cut, and a cut id could make
# two respondents one. (Quotes are stored whole.)
STORED_IN = {
    "respondent_id": Buyer._meta.get_field("external_id"),
    "respondent_name": Buyer._meta.get_field("name"),
    "title": Buyer._meta.get_field("title"),
    "organization": Organization._meta.get_field("name"),
    "influencer_id": Influencer._meta.get_field("external_id"),
    "influencer_name": Influencer._meta.get_field("name"),
}


def _too_long(series: pd.Series, *, name: str, column: str, plan: Plan) -> None:
    """Rows whose text is longer than the field it is stored in are problems of their row."""
    limit = STORED_IN[name].max_length
    lengths = series.str.len().to_numpy()
    for index in np.flatnonzero(lengths > limit):
        plan.add_problem(
            int(index) + 1,
            column,
            f"{lengths[index]} characters, but at most {limit} fit in the "
            f"{FIELDS[name].lower()}: is this the right column?",
        )


def parse_date(value: str) -> dt.date | None:
    """ISO dates (a time part is ignored) and day-first dates (31/12/2026), or None."""
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    for fmt in ("%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _convert(series: pd.Series, table: dict, *, name: str, column: str, plan: Plan, hint: str):
    """Map a column's values through `table`; unknown non-blank values are problems."""
    converted = {}
    bad = set()
    for value in series.unique():
        if value == "":
            converted[value] = None
            continue
        target = table.get(normalize_name(value))
        if target is None:
            bad.add(value)
        converted[value] = target
    if bad:
        label = FIELDS[name].split(" (")[0].lower()  # without its examples
        for index in np.flatnonzero(series.isin(bad).to_numpy()):
            value = series.iat[index]
            plan.add_problem(
                int(index) + 1,
                column,
                f"unknown {label} {value!r}; map it in `values.{name}`.{expected_choices(name)}",
                what=f"unknown {label} {value!r}",
                hint=hint,
            )
    return [converted[v] for v in series.tolist()]


def _future(value: str) -> str:
    # The interview form refuses future dates too: they would skew the recency weighting.
    return f"{value!r} is in the future; {NOT_AFTER_TODAY}."


def _dates(series: pd.Series, *, column: str, plan: Plan) -> list:
    """Parse a date column; unreadable and future dates are problems of their row."""
    today = timezone.localdate()
    parsed = {v: (parse_date(v) if v else None) for v in series.unique()}
    reasons = {}  # value → (reason, what, hint)
    for value, date in parsed.items():
        if value and date is None:
            what = f"{value!r} is not a date"
            reasons[value] = (f"{what} (YYYY-MM-DD).", what, DATE_FORMATS)
        elif date is not None and date > today:
            reasons[value] = (_future(value), f"{value!r} is in the future", NOT_AFTER_TODAY)
    for index in np.flatnonzero(series.isin(list(reasons)).to_numpy()):
        reason, what, hint = reasons[series.iat[index]]
        plan.add_problem(int(index) + 1, column, reason, what=what, hint=hint)
    return [parsed[v] for v in series.tolist()]


def _default(mapping: Mapping, vocab: Vocabulary, name: str, plan: Plan):
    raw = mapping.defaults.get(name, BUILT_IN_DEFAULTS.get(name))
    if raw is None:
        return None
    if name == "organization":
        limit = STORED_IN["organization"].max_length
        if len(raw) > limit:
            plan.add_problem(
                None, "defaults.organization", f"longer than {limit} characters ({len(raw)})."
            )
        return raw
    if name == "date":
        parsed = parse_date(raw)
        if parsed is None:
            plan.add_problem(None, "defaults.date", f"{raw!r} is not a date (use YYYY-MM-DD).")
        elif parsed > timezone.localdate():
            plan.add_problem(None, "defaults.date", _future(raw))
            return None
        return parsed
    value = vocab.for_field(name).get(normalize_name(raw))
    if value is None:
        plan.add_problem(None, f"defaults.{name}", f"{raw!r} is not a {FIELDS[name].lower()}.")
    return value


def field_values(frame: pd.DataFrame, mapping: Mapping, vocab: Vocabulary, plan: Plan) -> dict:
    """Field name → its value on each row: from its column, else its default (or None)."""
    n = len(frame)
    cols: dict[str, list] = {}
    for name in FIELDS:
        column = mapping.column_for(name)
        if column is None:
            cols[name] = [_default(mapping, vocab, name, plan)] * n
            continue
        series = frame[column]
        if name in TEXT_FIELDS:
            if name in STORED_IN:
                _too_long(series, name=name, column=column, plan=plan)
            cols[name] = series.tolist()
        elif name == "date":
            cols[name] = _dates(series, column=column, plan=plan)
        else:
            table = lookup(mapping, vocab, name)
            hint = vocab.hint(name)
            cols[name] = _convert(series, table, name=name, column=column, plan=plan, hint=hint)
        if name in mapping.defaults and name not in TEXT_FIELDS:
            default = _default(mapping, vocab, name, plan)
            cols[name] = [default if v is None else v for v in cols[name]]
        elif name == "organization" and "organization" in mapping.defaults:
            cols[name] = [v or mapping.defaults["organization"] for v in cols[name]]
    return cols
