"""The evidence list's filters."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.fields import DateInput, InfluencerChoiceField, ListFilters
from identification.models import Study
from identification.selectors.evidence import filter_choices


class EvidenceFilterForm(ListFilters, BootstrapMixin, forms.Form):
    """The evidence list's filters; a value that does not fit is reported and ignored."""

    date_from = forms.DateField(required=False, label="From", widget=DateInput())
    date_to = forms.DateField(required=False, label="To", widget=DateInput())
    organization = forms.ModelChoiceField(queryset=None, required=False, empty_label="All")
    influencer = InfluencerChoiceField(queryset=None, required=False, empty_label="All")
    stage = forms.ModelChoiceField(queryset=None, required=False, empty_label="All")

    def __init__(self, *args, study: Study, **kwargs):
        super().__init__(*args, **kwargs)
        choices = filter_choices(study=study)
        for name in ("organization", "influencer"):
            self.fields[name].queryset = choices[f"{name}s"]
        self.fields["stage"].queryset = choices["stages"]

    def filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return {k: v for k, v in self.cleaned_data.items() if v}
