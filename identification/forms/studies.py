"""The form of a study's decision stages."""

from django import forms
from django.core.exceptions import ValidationError

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.errors import add_field_errors
from identification.forms.fields import NameField
from identification.models import Study
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
