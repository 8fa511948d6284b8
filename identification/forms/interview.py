"""The interview form (respondent, date, non-person influences) and its mention rows."""

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import timezone

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.buyers import BuyerFieldsForm, not_future
from identification.forms.errors import add_field_errors
from identification.forms.fields import (
    DateInput,
    InfluencerChoiceField,
    Listing,
    NameField,
)
from identification.models import Evidence, Influencer, Study
from identification.models.choices import (
    Channel,
    Direction,
    NonPersonSource,
    Strength,
)
from identification.selectors.evidence import buyers_of_client
from identification.services.evidence import NEAR_MATCH, MentionInput

NO_MENTIONS = (
    "No influencer named — save anyway? This interview names nobody, so it adds nothing to "
    "the ranking. Add a mention below, or save it as it is."
)


class InterviewForm(BuyerFieldsForm):
    """The interview itself: who was interviewed, when, and the non-person influences."""

    BUYER, INFLUENCER, NEW = "buyer", "influencer", "new"
    respondent_type = forms.ChoiceField(
        label="Respondent",
        choices=[
            (NEW, "A new buyer"),
            (BUYER, "A buyer already on file"),
            (INFLUENCER, "An influencer, about who influences them"),
        ],
        initial=NEW,
        widget=forms.RadioSelect,
    )
    buyer = forms.ModelChoiceField(queryset=None, required=False, empty_label="— choose —")
    respondent_influencer = InfluencerChoiceField(
        queryset=None, required=False, label="Influencer", empty_label="— choose —"
    )
    collected_on = forms.DateField(label="Interviewed on", widget=DateInput())
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    non_person = forms.MultipleChoiceField(
        required=False, label="Influences that are not people", widget=forms.CheckboxSelectMultiple
    )

    save_without_mentions = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, study: Study, influencers: Listing | None = None, **kwargs):
        super().__init__(*args, client=study.client, **kwargs)
        self.study = study
        client = study.client
        lists = {
            "buyer": Listing(buyers_of_client(client=client)),
            "respondent_influencer": influencers
            or Listing(Influencer.objects.filter(client=client)),
        }
        for name, listing in lists.items():
            self.fields[name].queryset = listing.queryset
            listing.limit(self, name)
        self.fields["collected_on"].initial = timezone.localdate
        self.stages = list(study.stages.all())
        self.fields["non_person"].choices = [
            (f"{stage.pk}:{source}", f"{label} at {stage.name}")
            for stage in self.stages
            for source, label in NonPersonSource.choices
        ]
        self.fields["non_person"].widget.attrs["class"] = "form-check-input"
        self.sources = NonPersonSource.choices

    def non_person_grid(self) -> list[tuple]:
        """(stage, its checkboxes in the order of `sources`) for the page's grid."""
        boxes = self["non_person"].subwidgets
        width = len(self.sources)
        return [(s, boxes[i * width : (i + 1) * width]) for i, s in enumerate(self.stages)]

    def clean_collected_on(self):
        return not_future(self.cleaned_data.get("collected_on"), "interview date")

    def clean(self):
        data = super().clean()
        kind = data.get("respondent_type")
        if kind == self.BUYER:
            self.require(
                "buyer", "Choose the buyer who was interviewed.", present=bool(data.get("buyer"))
            )
        elif kind == self.INFLUENCER:
            self.require(
                "respondent_influencer",
                "Choose the influencer interviewed.",
                present=bool(data.get("respondent_influencer")),
            )
        elif kind == self.NEW:
            self.require_buyer_fields(data)
        return data

    def ask_to_confirm_no_mentions(self) -> None:
        """Refuse, once, an interview that names nobody: the page asks "save anyway?"."""
        self.add_error("save_without_mentions", NO_MENTIONS)

    @property
    def asks_to_confirm(self) -> bool:
        return "save_without_mentions" in self.errors

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        stages = {str(s.pk): s for s in self.stages}
        kind = data["respondent_type"]
        return {
            "buyer": data["buyer"] if kind == self.BUYER else None,
            "respondent_influencer": (
                data["respondent_influencer"] if kind == self.INFLUENCER else None
            ),
            "new_buyer": self.buyer_details() if kind == self.NEW else None,
            "collected_on": data["collected_on"],
            "notes": data["notes"],
            "non_person": [
                (stages[stage_pk], source)
                for stage_pk, source in (v.split(":", 1) for v in data["non_person"])
            ],
        }

    @classmethod
    def initial_for(cls, evidence: Evidence) -> dict:
        return {
            "respondent_type": cls.BUYER if evidence.buyer_id else cls.INFLUENCER,
            "buyer": evidence.buyer_id,
            "respondent_influencer": evidence.respondent_influencer_id,
            "collected_on": evidence.collected_on,
            "notes": evidence.notes,
            "non_person": [
                f"{n.stage_id}:{n.source}" for n in evidence.non_person_influences.all()
            ],
        }


class MentionForm(BootstrapMixin, forms.Form):
    """One mention row: an influencer (existing, or new by name and category) at a stage."""

    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    influencer = InfluencerChoiceField(queryset=None, required=False, empty_label="— choose —")
    new_influencer_name = NameField(
        required=False,
        max_length=200,
        label="…or a new influencer's name",
        help_text="A name or alias already in the registry is that influencer.",
    )
    new_is_distinct = forms.BooleanField(
        required=False, label="A different person: create a new influencer"
    )
    new_influencer_category = forms.ModelChoiceField(
        queryset=None, required=False, label="New influencer's category", empty_label="—"
    )
    stage = forms.ModelChoiceField(queryset=None, empty_label="—")
    strength = forms.ChoiceField(choices=Strength.choices, initial=Strength.NOTABLE)
    direction = forms.ChoiceField(choices=Direction.choices, initial=Direction.NEUTRAL)
    channel = forms.ChoiceField(choices=Channel.choices, initial=Channel.IN_PERSON)
    quote = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, study: Study, influencers: Listing | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        client = study.client
        self.influencers = influencers or Listing(Influencer.objects.filter(client=client))
        self.fields["influencer"].queryset = self.influencers.queryset
        self.influencers.limit(self, "influencer")
        self.fields["new_influencer_category"].queryset = client.categories.all()
        self.fields["stage"].queryset = study.stages.all()

    def suggest(self, influencer_ids) -> None:
        """Offer these influencers in the row's select, so "choose it above" works without JS."""
        self.influencers.limit(self, "influencer", *influencer_ids)

    def clean(self):
        data = super().clean()
        if "influencer" in self.errors:
            return data
        name = data.get("new_influencer_name", "").strip()
        if data.get("influencer") and name:
            self.add_error(
                "new_influencer_name", "Either choose an influencer or type a new name, not both."
            )
        elif not data.get("influencer") and not name:
            self.add_error("influencer", "Choose an influencer or type a new one's name.")
        elif (
            name
            and not data.get("new_influencer_category")
            and "new_influencer_category" not in self.errors
        ):
            self.add_error("new_influencer_category", "Choose the new influencer's category.")
        return data


class BaseMentionFormSet(forms.BaseFormSet):
    """The mention rows; a row left blank is ignored, a ticked "remove" drops it."""

    def __init__(
        self,
        *args,
        study: Study,
        evidence: Evidence | None = None,
        influencers: Listing | None = None,
        **kwargs,
    ):
        self.study, self.evidence = study, evidence
        self.existing = {m.pk: m for m in evidence.mentions.all()} if evidence else {}
        # One listing for every row: a small registry is read once, a big one not at all.
        influencers = influencers or Listing(Influencer.objects.filter(client=study.client))
        super().__init__(*args, form_kwargs={"study": study, "influencers": influencers}, **kwargs)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        # The formset adds "DELETE" after the form styled its own fields.
        form.style_fields()

    def _kept_forms(self):
        for i, form in enumerate(self.forms):
            if self.can_delete and self._should_delete_form(form):
                continue
            if i < self.initial_form_count() or form.has_changed():
                yield form

    def clean(self):
        if any(self.errors):
            return
        for form in self._kept_forms():
            pk = form.cleaned_data.get("id")
            if pk and pk not in self.existing:
                raise ValidationError("A mention row refers to a mention of another interview.")

    def rows(self) -> tuple[list[MentionInput], list[forms.Form]]:
        """The service's mention inputs, and the form each came from (to report errors)."""
        inputs, forms_ = [], []
        for form in self._kept_forms():
            data = form.cleaned_data
            inputs.append(
                MentionInput(
                    stage=data["stage"],
                    influencer=data.get("influencer"),
                    new_influencer_name=data.get("new_influencer_name", ""),
                    new_influencer_category=data.get("new_influencer_category"),
                    new_is_distinct=data.get("new_is_distinct", False),
                    strength=data["strength"],
                    direction=data["direction"],
                    channel=data["channel"],
                    quote=data.get("quote", ""),
                    mention=self.existing.get(data.get("id")),
                )
            )
            forms_.append(form)
        return inputs, forms_

    @staticmethod
    def initial_for(evidence: Evidence) -> list[dict]:
        return [
            {
                "id": m.pk,
                "influencer": m.influencer_id,
                "stage": m.stage_id,
                "strength": m.strength,
                "direction": m.direction,
                "channel": m.channel,
                "quote": m.quote,
            }
            for m in evidence.mentions.all()
        ]


MentionFormSet = forms.formset_factory(
    MentionForm,
    formset=BaseMentionFormSet,
    extra=3,
    can_delete=True,
    max_num=200,
    validate_max=True,
)

# Where a service error about the respondent belongs on the form.
_SERVICE_FIELD = {"respondent": "respondent_type", "name": "buyer_name"}


class InterviewForms:
    """The interview form and its mention formset, bound together as the page posts them."""

    def __init__(self, data=None, *, study: Study, evidence: Evidence | None = None):
        initial = InterviewForm.initial_for(evidence) if evidence else None
        influencers = Listing(Influencer.objects.filter(client=study.client))
        self.form = InterviewForm(data, study=study, initial=initial, influencers=influencers)
        self.mentions = MentionFormSet(
            data,
            prefix="mentions",
            study=study,
            evidence=evidence,
            influencers=influencers,
            initial=BaseMentionFormSet.initial_for(evidence) if evidence else None,
        )
        if evidence is not None:
            self.mentions.extra = 1
        self._row_forms: list[forms.Form] = []

    def is_valid(self) -> bool:
        """Both forms are valid, and an interview naming nobody was confirmed as such."""
        if not all([self.form.is_valid(), self.mentions.is_valid()]):
            return False
        if not self.mentions.rows()[0] and not self.form.cleaned_data["save_without_mentions"]:
            self.form.ask_to_confirm_no_mentions()
            return False
        return True

    def service_kwargs(self) -> dict:
        rows, self._row_forms = self.mentions.rows()
        return {**self.form.service_kwargs(), "mentions": rows}

    def add_service_errors(self, error: ValidationError) -> None:
        """Put the service's errors on the fields they name (`mentions-<i>-<field>` too)."""
        if hasattr(error, "error_dict"):
            by_field = error.error_dict
        else:
            by_field = {NON_FIELD_ERRORS: error.error_list}
        for key, errors in by_field.items():
            if key.startswith("mentions-"):
                _, index, name = key.split("-", 2)
                form = self._row_forms[int(index)]
                for e in errors:
                    if e.code == NEAR_MATCH:
                        form.suggest(e.params["candidates"])
                add_field_errors(form, name, errors)
            else:
                add_field_errors(self.form, _SERVICE_FIELD.get(key, key), errors)
