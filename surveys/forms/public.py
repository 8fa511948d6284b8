"""The public questionnaire a respondent answers through the survey's link."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.models.choices import (
    BuyingRole,
    Channel,
    DealSize,
    NonPersonSource,
    Outcome,
    Strength,
)
from identification.text import refuse_bidi_controls
from surveys.services.surveys import Answer

BLANK = [("", "—")]


class SurveyResponseForm(BootstrapMixin, forms.Form):
    """The public questionnaire: who the respondent is, then names per stage."""

    name = forms.CharField(
        max_length=200,
        required=False,
        label="Your name (optional)",
        validators=[refuse_bidi_controls],
    )
    organization = forms.CharField(
        max_length=200, label="Your organization", validators=[refuse_bidi_controls]
    )
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
                    max_length=200, required=False, label="Name", validators=[refuse_bidi_controls]
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
                widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
                label="Other influences at this stage",
            )
        self.names_per_stage = survey.names_per_stage
        self.style_fields()

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
