"""The forms of a study's configuration: its decision stages and its ranking settings."""

from django import forms
from django.core.exceptions import ValidationError

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.errors import add_field_errors
from identification.forms.fields import NameField
from identification.models import Study
from identification.models.studies import MAX_DAMPING
from identification.ranking.params import DEFAULT_DAMPING
from identification.services.studies import StageInput


class StageForm(BootstrapMixin, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = NameField(max_length=100)
    order = forms.IntegerField(min_value=0)
    weight = forms.FloatField(min_value=0)


class BaseStageFormSet(forms.BaseFormSet):
    """Every stage of a study; names must be unique, weights zero or more."""

    def __init__(self, *args, study: Study, **kwargs):
        self.study = study
        self.existing = {s.pk: s for s in study.stages.all()}
        kwargs.setdefault(
            "initial",
            [
                {"id": s.pk, "name": s.name, "order": s.order, "weight": s.weight}
                for s in self.existing.values()
            ],
        )
        super().__init__(*args, **kwargs)

    def _kept(self):
        for i, form in enumerate(self.forms):
            if i < self.initial_form_count() or form.has_changed():
                yield form

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self._kept():
            if self._should_delete_form(form):
                continue
            key = " ".join(form.cleaned_data["name"].split()).casefold()
            if key in seen:
                form.add_error("name", "Two stages cannot have the same name.")
            seen.add(key)
            if form.cleaned_data.get("id") not in (None, *self.existing):
                raise ValidationError("A row refers to a stage of another study.")
        if not seen:
            raise ValidationError("A study needs at least one decision stage.")

    def rows(self) -> tuple[list[StageInput], list[forms.Form]]:
        inputs, forms_ = [], []
        for form in self._kept():
            data = form.cleaned_data
            inputs.append(
                StageInput(
                    name=data.get("name", ""),
                    order=data.get("order") or 0,
                    weight=data.get("weight") or 0.0,
                    stage=self.existing.get(data.get("id")),
                    delete=self._should_delete_form(form),
                )
            )
            forms_.append(form)
        return inputs, forms_


StageFormSet = forms.formset_factory(
    StageForm, formset=BaseStageFormSet, extra=1, can_delete=True, max_num=20
)


def add_stage_errors(formset, forms_, error: ValidationError) -> None:
    for key, messages in error.message_dict.items():
        if key.startswith("stages-"):
            _, index, name = key.split("-", 2)
            add_field_errors(forms_[int(index)], name, messages)
        else:
            formset._non_form_errors = formset.error_class(messages)


class StudySettingsForm(BootstrapMixin, forms.Form):
    """How a study's ranking weighs its evidence (besides the stages)."""

    damping = forms.FloatField(
        label="Weight of second-hand influence",
        min_value=0.0,
        max_value=MAX_DAMPING,
        widget=forms.NumberInput(attrs={"step": "0.05"}),
        help_text=(
            "How much counts the influence that reaches someone through the people they "
            "influence, against being named directly: 0 counts direct mentions only, "
            f"{MAX_DAMPING} is the most. {DEFAULT_DAMPING} is the default checked against "
            "adoption in two diffusion studies (see How the ranking is checked)."
        ),
    )
    recency_half_life_days = forms.IntegerField(
        label="Recency half-life (days)",
        min_value=1,
        help_text="A mention this many days older than the latest evidence counts half.",
    )
    weight_by_deal_size = forms.BooleanField(
        label="Weight respondents by deal size",
        required=False,
        help_text="Buyers of larger deals count more (small 0.75 to enterprise 1.5).",
    )

    FIELDS = ("damping", "recency_half_life_days", "weight_by_deal_size")

    @classmethod
    def initial_for(cls, study: Study) -> dict:
        return {name: getattr(study, name) for name in cls.FIELDS}
