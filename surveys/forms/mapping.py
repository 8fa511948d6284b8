"""Mapping an import: file columns to our fields, file values to our names, defaults;
and saving the mapping for the next import."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.models import normalize_name
from identification.text import refuse_bidi_controls
from surveys.imports.mapping import (
    DEFAULT_FIELDS,
    FIELDS,
    LAYOUTS,
    STAGE_COLUMN_FIELDS,
    VALUE_FIELDS,
    WIDE,
    Mapping,
    MappingError,
    question_of,
)
from surveys.imports.vocabulary import Vocabulary

MAX_VALUES_LISTED = 40


def value_rows(mapping: Mapping, frame, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(field, file value) pairs the analyst may map: values our names do not match already."""
    rows = []
    if mapping.layout == WIDE:
        questions = dict.fromkeys(question_of(c) for c, _ in mapping.stage_columns())
        rows += [("stage", q) for q in questions]
    for column, target in mapping.columns.items():
        if column not in frame.columns or target in STAGE_COLUMN_FIELDS:
            continue
        if target not in VALUE_FIELDS:
            continue
        ours = vocab.for_field(target)
        distinct = [v for v in frame[column].unique().tolist() if v][:MAX_VALUES_LISTED]
        rows += [
            (target, v)
            for v in distinct
            if normalize_name(v) not in ours or v in mapping.values.get(target, {})
        ]
    return rows


def _our_choices(name: str, vocab_names: dict[str, list[str]]):
    return [("", "—")] + [(n, n) for n in vocab_names[name]]


class MappingForm(BootstrapMixin, forms.Form):
    """File columns → our fields, file values → our names, and defaults."""

    layout = forms.ChoiceField(choices=[(v, v.title()) for v in LAYOUTS])

    def __init__(
        self, *args, columns, mapping: Mapping, rows, names, samples, questions=None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.columns, self.rows, self.samples = columns, rows, samples
        self.questions = questions or {}  # column → question text, where the tool gives it
        self.fields["layout"].initial = mapping.layout
        targets = [("", "— ignore —")] + list(FIELDS.items())
        for i, column in enumerate(columns):
            self.fields[f"col_{i}"] = forms.ChoiceField(
                choices=targets,
                required=False,
                initial=mapping.columns.get(column, ""),
                label=column,
            )
        for i, (name, value) in enumerate(rows):
            current = mapping.values.get(name, {}).get(value, "")
            self.fields[f"val_{i}"] = forms.ChoiceField(
                choices=_our_choices(name, names),
                required=False,
                initial=current,
                label=f"{FIELDS[name]}: “{value}”",
            )
        for name in DEFAULT_FIELDS:
            initial = mapping.defaults.get(name, "")
            if name in ("organization", "date"):
                field = forms.CharField(required=False, initial=initial, max_length=200)
            else:
                field = forms.ChoiceField(
                    choices=_our_choices(name, names), required=False, initial=initial
                )
            field.label = FIELDS[name]
            self.fields[f"def_{name}"] = field
        self.style_fields()

    def column_fields(self):
        """(column, its field, its first values, its question text) per file column."""
        return [
            (c, self[f"col_{i}"], self.samples.get(c, ""), self._question(c))
            for i, c in enumerate(self.columns)
        ]

    def _question(self, column: str) -> str:
        question = self.questions.get(column, "")
        return "" if question == column else question

    def value_fields(self):
        return [self[f"val_{i}"] for i in range(len(self.rows))]

    def default_fields(self):
        return [self[f"def_{name}"] for name in DEFAULT_FIELDS]

    def to_mapping(self) -> Mapping:
        data = self.cleaned_data
        values: dict[str, dict[str, str]] = {}
        for i, (name, value) in enumerate(self.rows):
            if data.get(f"val_{i}"):
                values.setdefault(name, {})[value] = data[f"val_{i}"]
        doc = {
            "layout": data["layout"],
            "columns": {
                c: data[f"col_{i}"] for i, c in enumerate(self.columns) if data.get(f"col_{i}")
            },
            "values": values,
            "defaults": {n: data[f"def_{n}"] for n in DEFAULT_FIELDS if data.get(f"def_{n}")},
        }
        return Mapping.from_document(doc)

    def clean(self):
        data = super().clean()
        if not self.errors:
            try:
                self.to_mapping()
            except MappingError as exc:
                raise forms.ValidationError(exc.messages) from exc
        return data


class SaveMappingForm(BootstrapMixin, forms.Form):
    """The name to keep a mapping under."""

    name = forms.CharField(
        max_length=200,
        label="Save this mapping as",
        validators=[refuse_bidi_controls],
        error_messages={"required": "Give the mapping a name to save it."},
    )
