"""Building a questionnaire: its title, introduction and the stages it asks about."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.fields import NameField
from surveys.services.surveys import DEFAULT_PROMPT


class SurveyCreateForm(BootstrapMixin, forms.Form):
    """A new questionnaire: which stages to ask about, and each stage's question."""

    title = NameField(max_length=200)
    introduction = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Shown to respondents above the questions.",
    )
    names_per_stage = forms.IntegerField(
        min_value=1,
        max_value=10,
        initial=3,
        label="Names per stage",
        help_text="How many people or organizations a respondent may name at each stage.",
    )

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
                # Long enough to read the whole question, however wide the screen.
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.style_fields()

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
