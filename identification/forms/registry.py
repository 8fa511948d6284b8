"""Forms of the influencer registry: search, create/edit with paid ties, merge."""

from django import forms
from django.core.exceptions import ValidationError

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.fields import DateInput, ListFilters, NameField
from identification.models import Client, Influencer
from identification.models.choices import InfluencerKind
from identification.services.registry import split_aliases
from identification.text import BIDI_MESSAGE, has_bidi_controls


class RegistryFilterForm(ListFilters, BootstrapMixin, forms.Form):
    q = forms.CharField(required=False, label="Name or alias")
    category = forms.ModelChoiceField(queryset=None, required=False, empty_label="All categories")

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = client.categories.all()


def parse_audience(raw: str) -> dict:
    """`LinkedIn: 12000` lines into {"LinkedIn": 12000}."""
    audience = {}
    for number, line in enumerate((raw or "").splitlines(), start=1):
        if not line.strip():
            continue
        network, sep, figure = line.rpartition(":")
        try:
            value = int(figure.strip().replace(",", "").replace(" ", ""))
        except ValueError:
            value = None
        if not sep or not network.strip() or value is None or value < 0:
            raise ValidationError(
                f"Line {number}: write “network: figure”, e.g. “LinkedIn: 12000”."
            )
        audience[network.strip()] = value
    return audience


class InfluencerForm(BootstrapMixin, forms.Form):
    """An influencer's details; aliases typed one per line."""

    name = NameField(max_length=200)
    kind = forms.ChoiceField(choices=InfluencerKind.choices, initial=InfluencerKind.PERSON)
    category = forms.ModelChoiceField(queryset=None, empty_label="—")
    affiliation = NameField(required=False, max_length=200)
    external_id = forms.CharField(required=False, max_length=200, label="External id")
    aliases = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Also known as",
        help_text="Other names buyers use, one per line (a name may contain commas).",
    )
    audience = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Audience figures",
        help_text="One per line, e.g. “LinkedIn: 12000”.",
    )
    known_to_client = forms.BooleanField(
        required=False, help_text="Already on the client's PR, AR or social lists."
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, client: Client, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = client.categories.all()

    def clean_aliases(self):
        raw = self.cleaned_data["aliases"]
        for number, line in enumerate(raw.splitlines(), start=1):
            if has_bidi_controls(line):
                raise ValidationError(f"Line {number}: {BIDI_MESSAGE}")
        return split_aliases(raw)

    def clean_audience(self):
        return parse_audience(self.cleaned_data["audience"])

    def service_fields(self) -> dict:
        return dict(self.cleaned_data)

    @staticmethod
    def initial_for(influencer: Influencer) -> dict:
        return {
            "name": influencer.name,
            "kind": influencer.kind,
            "category": influencer.category_id,
            "affiliation": influencer.affiliation,
            "external_id": influencer.external_id,
            "aliases": "\n".join(a.name for a in influencer.aliases.all()),
            "audience": "\n".join(f"{k}: {v}" for k, v in (influencer.audience or {}).items()),
            "known_to_client": influencer.known_to_client,
            "notes": influencer.notes,
        }


class PaidTieForm(BootstrapMixin, forms.Form):
    vendor = NameField(max_length=200)
    nature = NameField(max_length=200, help_text="e.g. retainer, sponsorship")
    since = forms.DateField(required=False, widget=DateInput())
    disclosed = forms.BooleanField(required=False, label="Publicly disclosed")


class BasePaidTieFormSet(forms.BaseFormSet):
    def ties(self) -> list[dict]:
        return [
            {k: form.cleaned_data[k] for k in ("vendor", "nature", "since", "disclosed")}
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form)
        ]

    @staticmethod
    def initial_for(influencer: Influencer) -> list[dict]:
        return [
            {"vendor": t.vendor, "nature": t.nature, "since": t.since, "disclosed": t.disclosed}
            for t in influencer.paid_ties.all()
        ]


PaidTieFormSet = forms.formset_factory(
    PaidTieForm, formset=BasePaidTieFormSet, extra=1, can_delete=True, max_num=50
)


class MergeForm(BootstrapMixin, forms.Form):
    """Choose the duplicate to fold into the influencer being kept."""

    other = forms.ModelChoiceField(
        queryset=None, label="Duplicate to merge into this influencer", empty_label="— choose —"
    )

    def __init__(self, *args, keep: Influencer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Influencer.objects.filter(client=keep.client_id).exclude(
            pk=keep.pk
        )
