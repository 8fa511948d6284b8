"""The mapping document: file columns → our fields, file values → our names, defaults.

Its JSON form is documented in surveys/MAPPING.md; this module reads, checks and writes it
(guess.py guesses one from a file's header).
"""

import re
from dataclasses import dataclass, field

LONG, WIDE = "long", "wide"
LAYOUTS = (LONG, WIDE)

FIELDS = {
    "respondent_id": "Respondent id",
    "respondent_name": "Respondent name",
    "title": "Respondent job title",
    "organization": "Organization",
    "role": "Role in the buying group",
    "outcome": "Purchase outcome",
    "deal_size": "Deal size band",
    "influencer_id": "Influencer external id",
    "influencer_name": "Influencer name",
    "category": "Influencer category",
    "stage": "Decision stage",
    "strength": "Strength",
    "direction": "Direction",
    "channel": "Channel",
    "date": "Date",
    "quote": "Quote",
    "non_person": "Non-person influence (search, vendor website…)",
}
# In the wide layout these columns name influences at the stage of their question (Q3_1 → Q3).
STAGE_COLUMN_FIELDS = ("influencer_name", "influencer_id", "non_person")
VALUE_FIELDS = (
    "stage",
    "strength",
    "direction",
    "channel",
    "category",
    "role",
    "outcome",
    "deal_size",
    "non_person",
)
DEFAULT_FIELDS = (
    "stage",
    "strength",
    "direction",
    "channel",
    "category",
    "organization",
    "role",
    "outcome",
    "deal_size",
    "date",
)

NUMBERED = re.compile(r"^(?P<question>.*?\S)[_\s.\-]+(?P<n>\d+|other|text)$", re.IGNORECASE)


class MappingError(ValueError):
    """The mapping document is malformed; `messages` lists every problem."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def question_of(column: str) -> str:
    """The question a wide column answers: `Q3_1` → `Q3`, and `Who…? - Name 1` → `Who…?` (a
    sub-item after " - ", as SurveyMonkey and Qualtrics label them); else the column itself."""
    match = NUMBERED.match(column)
    question = match["question"] if match else column
    return question.rpartition(" - ")[0] or question


def _check_keys(doc: dict, errors: list[str]) -> None:
    unknown = sorted(set(doc) - {"layout", "columns", "values", "defaults"})
    if unknown:
        errors.append(f"Unknown keys: {', '.join(unknown)}.")


def _checked_layout(doc: dict, errors: list[str]) -> str:
    layout = doc.get("layout", LONG)
    if layout not in LAYOUTS:
        errors.append(f"layout must be “long” or “wide”, not {layout!r}.")
    return layout


def _checked_columns(doc: dict, layout: str, errors: list[str]) -> dict:
    """File column → our field: known fields, each mapped by one column (but the wide
    layout's influence columns, which may be many)."""
    columns = doc.get("columns", {})
    if not isinstance(columns, dict):
        errors.append("columns must be an object of file column → our field.")
        return {}
    for column, target in columns.items():
        if target not in FIELDS:
            errors.append(f"Column {column!r}: unknown field {target!r}.")
    taken: dict[str, str] = {}
    for column, target in columns.items():
        if layout == WIDE and target in STAGE_COLUMN_FIELDS:
            continue
        if target in taken:
            errors.append(f"Columns {taken[target]!r} and {column!r} both map to {target}.")
        taken[target] = column
    return columns


def _checked_values(doc: dict, errors: list[str]) -> dict:
    values = doc.get("values", {})
    if not isinstance(values, dict):
        errors.append("values must be an object of field → {file value: our name}.")
        return {}
    for name, table in values.items():
        if name not in VALUE_FIELDS:
            errors.append(f"values: {name!r} cannot be mapped (use {', '.join(VALUE_FIELDS)}).")
        elif not isinstance(table, dict) or not all(isinstance(v, str) for v in table.values()):
            errors.append(f"values.{name} must be an object of file value → our name.")
    return values


def _checked_defaults(doc: dict, errors: list[str]) -> dict:
    defaults = doc.get("defaults", {})
    if not isinstance(defaults, dict):
        errors.append("defaults must be an object of field → value.")
        return {}
    for name, value in defaults.items():
        if name not in DEFAULT_FIELDS:
            errors.append(f"defaults: {name!r} cannot have a default.")
        elif not isinstance(value, str):
            errors.append(f"defaults.{name} must be text.")
    return defaults


@dataclass
class Mapping:
    """A parsed, checked mapping document."""

    layout: str = LONG
    columns: dict[str, str] = field(default_factory=dict)
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    defaults: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_document(cls, doc) -> "Mapping":
        """Check a JSON document (already parsed) and build a Mapping, or raise MappingError."""
        if not isinstance(doc, dict):
            raise MappingError(["The mapping must be a JSON object."])
        errors: list[str] = []
        _check_keys(doc, errors)
        layout = _checked_layout(doc, errors)
        columns = _checked_columns(doc, layout, errors)
        values = _checked_values(doc, errors)
        defaults = _checked_defaults(doc, errors)
        if errors:
            raise MappingError(errors)
        return cls(
            layout=layout,
            columns={str(k): v for k, v in columns.items()},
            values={k: {str(a): b for a, b in v.items()} for k, v in values.items()},
            defaults={k: v for k, v in defaults.items() if v != ""},
        )

    def to_document(self) -> dict:
        doc = {"layout": self.layout, "columns": dict(self.columns)}
        values = {k: v for k, v in self.values.items() if v}
        if values:
            doc["values"] = values
        if self.defaults:
            doc["defaults"] = dict(self.defaults)
        return doc

    def column_for(self, target: str) -> str | None:
        """The file column mapped to a (non-stage-column) field, if any."""
        for column, mapped in self.columns.items():
            if mapped == target and not (self.layout == WIDE and target in STAGE_COLUMN_FIELDS):
                return column
        return None

    def stage_columns(self) -> list[tuple[str, str]]:
        """Wide layout: (column, field) of every column naming influences at a stage."""
        if self.layout != WIDE:
            return []
        return [(c, t) for c, t in self.columns.items() if t in STAGE_COLUMN_FIELDS]

    def ignored(self, file_columns) -> list[str]:
        return [c for c in file_columns if c not in self.columns]
