"""Forms of the surveys app: building a survey, answering it, and the import steps."""

from django import forms
from django.conf import settings

from identification.forms.bootstrap import BootstrapMixin
from identification.models import normalize_name
from identification.models.choices import (
    BuyingRole,
    Channel,
    DealSize,
    NonPersonSource,
    Outcome,
    Strength,
)
from surveys.imports.mapping import (
    DEFAULT_FIELDS,
    FIELDS,
    LAYOUTS,
    STAGE_COLUMN_FIELDS,
    WIDE,
    Mapping,
    MappingError,
    question_of,
)
from surveys.imports.vocabulary import Vocabulary
from surveys.models import SavedMapping
from surveys.services.import_jobs import parse_mapping_json
from surveys.services.surveys import DEFAULT_PROMPT, Answer

BLANK = [("", "—")]


class SurveyCreateForm(BootstrapMixin, forms.Form):
    title = forms.CharField(max_length=200)
    introduction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to respondents above the questions.",
    )
    names_per_stage = forms.IntegerField(min_value=1, max_value=10, initial=3)

    def __init__(self, *args, study, **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = list(study.stages.all())
        for stage in self.stages:
            self.fields[f"ask_{stage.pk}"] = forms.BooleanField(
                required=False, initial=True, label=f"Ask about “{stage.name}”"
            )
            self.fields[f"prompt_{stage.pk}"] = forms.CharField(
                max_length=300,
                required=False,
                initial=DEFAULT_PROMPT.format(stage=stage.name),
                label="Question",
            )

    def stage_fields(self):
        return [(s, self[f"ask_{s.pk}"], self[f"prompt_{s.pk}"]) for s in self.stages]

    def clean(self):
        data = super().clean()
        if not any(data.get(f"ask_{s.pk}") for s in self.stages):
            raise forms.ValidationError("Ask about at least one decision stage.")
        return data

    def prompts(self) -> dict[int, str]:
        return {
            s.pk: self.cleaned_data[f"prompt_{s.pk}"]
            for s in self.stages
            if self.cleaned_data.get(f"ask_{s.pk}")
        }


class SurveyResponseForm(BootstrapMixin, forms.Form):
    """The public questionnaire: who the respondent is, then names per stage."""

    name = forms.CharField(max_length=200, required=False, label="Your name (optional)")
    organization = forms.CharField(max_length=200, label="Your organization")
    role = forms.ChoiceField(choices=BLANK + BuyingRole.choices, label="Your role in the purchase")
    outcome = forms.ChoiceField(
        choices=BLANK + Outcome.choices, required=False, label="How did it end?"
    )
    deal_size = forms.ChoiceField(
        choices=BLANK + DealSize.choices, required=False, label="Size of the deal"
    )

    def __init__(self, *args, survey, questions, categories, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        category_choices = BLANK + [(c.pk, c.name) for c in categories]
        for q in questions:
            for i in range(survey.names_per_stage):
                prefix = f"s{q.stage_id}_{i}"
                self.fields[f"{prefix}_name"] = forms.CharField(
                    max_length=200, required=False, label="Name"
                )
                self.fields[f"{prefix}_category"] = forms.TypedChoiceField(
                    choices=category_choices,
                    coerce=int,
                    required=False,
                    empty_value=None,
                    label="Who they are",
                )
                self.fields[f"{prefix}_channel"] = forms.ChoiceField(
                    choices=Channel.choices, initial=Channel.IN_PERSON, label="How"
                )
                self.fields[f"{prefix}_strength"] = forms.ChoiceField(
                    choices=Strength.choices, initial=Strength.NOTABLE, label="How much"
                )
            self.fields[f"s{q.stage_id}_nonperson"] = forms.MultipleChoiceField(
                choices=NonPersonSource.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Other influences at this stage",
            )
        self.names_per_stage = survey.names_per_stage

    def groups(self):
        """(question, [(name, category, channel, strength) bound fields], non-person field)."""
        out = []
        for q in self.questions:
            slots = [
                tuple(
                    self[f"s{q.stage_id}_{i}_{part}"]
                    for part in ("name", "category", "channel", "strength")
                )
                for i in range(self.names_per_stage)
            ]
            out.append((q, slots, self[f"s{q.stage_id}_nonperson"]))
        return out

    def clean(self):
        data = super().clean()
        for q in self.questions:
            for i in range(self.names_per_stage):
                prefix = f"s{q.stage_id}_{i}"
                if (data.get(f"{prefix}_name") or "").strip() and not data.get(
                    f"{prefix}_category"
                ):
                    self.add_error(f"{prefix}_category", "Say who this person is.")
        return data

    def answers(self) -> list[Answer]:
        data, out = self.cleaned_data, []
        for q in self.questions:
            for i in range(self.names_per_stage):
                prefix = f"s{q.stage_id}_{i}"
                name = " ".join((data.get(f"{prefix}_name") or "").split())
                if name:
                    out.append(
                        Answer(
                            stage_id=q.stage_id,
                            name=name,
                            category_id=data[f"{prefix}_category"],
                            channel=data[f"{prefix}_channel"],
                            strength=data[f"{prefix}_strength"],
                        )
                    )
        return out

    def non_person(self) -> list[tuple[int, str]]:
        return [
            (q.stage_id, source)
            for q in self.questions
            for source in self.cleaned_data.get(f"s{q.stage_id}_nonperson", [])
        ]


class UploadForm(BootstrapMixin, forms.Form):
    file = forms.FileField(help_text="CSV (UTF-8) or XLSX, one header row.")
    layout = forms.ChoiceField(
        choices=[
            ("", "Detect from the header"),
            ("long", "Long: one row per mention"),
            ("wide", "Wide: one row per respondent"),
        ],
        required=False,
    )
    saved_mapping = forms.ModelChoiceField(
        queryset=SavedMapping.objects.none(), required=False, empty_label="Guess from the header"
    )
    mapping_file = forms.FileField(
        required=False,
        label="…or a mapping JSON file",
        help_text="A mapping downloaded from an earlier import, or written by hand.",
    )

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["saved_mapping"].queryset = SavedMapping.objects.filter(client=client)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                f"The file is {upload.size / 1048576:.1f} MB; the limit is "
                f"{limit / 1048576:.1f} MB. Use `manage.py import_evidence` for larger files."
            )
        return upload

    def clean(self):
        data = super().clean()
        data["mapping"] = None
        if data.get("mapping_file"):
            try:
                data["mapping"] = parse_mapping_json(data["mapping_file"].read())
            except MappingError as exc:
                self.add_error("mapping_file", exc.messages)
        elif data.get("saved_mapping"):
            try:
                data["mapping"] = Mapping.from_document(data["saved_mapping"].document)
            except MappingError as exc:
                self.add_error("saved_mapping", exc.messages)
        return data


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
        if target not in (
            "stage",
            "strength",
            "direction",
            "channel",
            "category",
            "role",
            "outcome",
            "deal_size",
        ):
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
    return BLANK + [(n, n) for n in vocab_names[name]]


class MappingForm(BootstrapMixin, forms.Form):
    """File columns → our fields, file values → our names, and defaults."""

    layout = forms.ChoiceField(choices=[(v, v.title()) for v in LAYOUTS])

    def __init__(self, *args, columns, mapping: Mapping, rows, names, samples, **kwargs):
        super().__init__(*args, **kwargs)
        self.columns, self.rows, self.samples = columns, rows, samples
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
        return [(c, self[f"col_{i}"], self.samples.get(c, "")) for i, c in enumerate(self.columns)]

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


class DecisionsForm(forms.Form):
    """In the preview: what each near or ambiguous name means."""

    def __init__(self, *args, near: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.near = near
        for i, item in enumerate(near):
            choices = [("review", "Leave to the review queue"), ("new", "Someone new")]
            choices += [
                (str(c["id"]), f"Same as {c['name']} ({c['score']:.0f})")
                for c in item["candidates"]
                if c.get("id")
            ]
            self.fields[f"d_{i}"] = forms.ChoiceField(
                choices=choices,
                initial=item.get("choice", "review"),
                label=item["name"],
                widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
            )

    def rows(self):
        return [(item, self[f"d_{i}"]) for i, item in enumerate(self.near)]

    def decisions(self) -> dict[str, str]:
        return {
            item["key"]: self.cleaned_data[f"d_{i}"]
            for i, item in enumerate(self.near)
            if self.cleaned_data.get(f"d_{i}") not in (None, "", "review")
        }


class SaveMappingForm(BootstrapMixin, forms.Form):
    name = forms.CharField(max_length=200, label="Save this mapping as")
