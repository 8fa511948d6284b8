"""Forms of the category editor: add or edit a category, move it, delete it."""

from django import forms

from identification.forms.bootstrap import BootstrapMixin
from identification.forms.fields import NameField
from identification.models import Category
from identification.models.choices import Family


class CategoryForm(BootstrapMixin, forms.Form):
    """A category's name and family; uniqueness is checked by the service."""

    name = NameField(max_length=100)
    family = forms.ChoiceField(
        choices=Family.choices, help_text="Drives the charts and the routing to teams."
    )

    @staticmethod
    def initial_for(category: Category) -> dict:
        return {"name": category.name, "family": category.family}


class CategoryMoveForm(forms.Form):
    """One step up or down in the list."""

    STEPS = {"up": -1, "down": 1}

    direction = forms.ChoiceField(choices=[(key, key) for key in STEPS])

    def step(self) -> int:
        return self.STEPS[self.cleaned_data["direction"]]


class CategoryDeleteForm(BootstrapMixin, forms.Form):
    """Where the influencers of a category go before it is deleted (if it has any)."""

    move_to = forms.ModelChoiceField(
        queryset=None, label="Move its influencers to", empty_label="— choose —"
    )

    def __init__(self, *args, category: Category, in_use: int, **kwargs):
        super().__init__(*args, **kwargs)
        if not in_use:
            del self.fields["move_to"]
            return
        field = self.fields["move_to"]
        field.queryset = Category.objects.filter(client=category.client_id).exclude(pk=category.pk)
