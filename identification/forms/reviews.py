"""The form of one decision on the name review queue."""

from django import forms
from django.core.exceptions import ValidationError

from identification.forms.fields import NameField
from identification.models import Influencer, NameReview, normalize_name


class ReviewActionForm(forms.Form):
    """Accept a suggested match, keep the name as new, or merge it into a name typed exactly;
    cleaned_data["target"] is the influencer the name means."""

    action = forms.ChoiceField(choices=[("accept", "Accept"), ("new", "New"), ("merge", "Merge")])
    influencer = forms.IntegerField(required=False)
    merge_into = NameField(required=False, max_length=200)

    def __init__(self, *args, review: NameReview, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = review

    def clean(self):
        data = super().clean()
        client = self.review.client
        others = Influencer.objects.filter(client=client).exclude(
            pk=self.review.provisional_influencer_id
        )
        if data.get("action") == "accept":
            data["target"] = others.filter(pk=data.get("influencer") or 0).first()
            if data["target"] is None:
                raise ValidationError("Choose one of the suggested matches.")
        elif data.get("action") == "merge":
            key = normalize_name(data.get("merge_into", ""))
            found = list(others.filter(normalized_name=key)[:2]) or list(
                others.filter(aliases__normalized=key).distinct()[:2]
            )
            if len(found) != 1:
                raise ValidationError(
                    "Type the exact name of one influencer of the registry to merge into."
                    if not found
                    else "Several influencers have that name; merge from the registry page."
                )
            data["target"] = found[0]
        return data
