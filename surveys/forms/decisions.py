"""The import preview's choices: what each near or ambiguous name means."""

from django import forms


class DecisionsForm(forms.Form):
    """In the preview: what each near or ambiguous name means."""

    def __init__(self, *args, near: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.near = near
        for i, item in enumerate(near):
            choices = [("review", "Leave to the review queue"), ("new", "Someone new")]
            choices += [
                (str(c["id"]), f"Same as {c['name']} ({c['score']:.0f}% alike)")
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
