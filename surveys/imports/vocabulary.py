"""The names a file's values may map to: our choices, and a study's stages and categories."""

from dataclasses import dataclass

from identification.models import normalize_name
from identification.models.choices import (
    BuyingRole,
    Channel,
    DealSize,
    Direction,
    NonPersonSource,
    Outcome,
    Strength,
)
from surveys.imports.mapping import Mapping

# The mappable fields whose values are one of our fixed choices.
CHOICES = {
    "strength": Strength,
    "direction": Direction,
    "channel": Channel,
    "role": BuyingRole,
    "outcome": Outcome,
    "deal_size": DealSize,
    "non_person": NonPersonSource,
}


def choice_vocabulary(choices) -> dict[str, str]:
    """normalized value or label → stored value; `in person`, `in_person`, `In person` agree."""
    vocab = {}
    for value, label in choices.choices:
        for form in (value, value.replace("_", " "), label):
            vocab[normalize_name(form)] = value
    return vocab


# How a problem's hint names the values a field may take.
_OURS = {
    "stage": "this study's stages",
    "category": "this client's categories",
    "strength": "the strengths",
    "direction": "the directions",
    "channel": "the channels",
    "role": "the roles in the buying group",
    "outcome": "the purchase outcomes",
    "deal_size": "the deal size bands",
    "non_person": "the non-person influences",
}


@dataclass(frozen=True)
class Vocabulary:
    """Our names a file's values may map to, for one study."""

    stages: dict[str, int]  # normalized stage name → stage id
    categories: dict[str, int]  # normalized category name → category id
    # The same names as the user sees them, in their order (for messages)
    stage_names: tuple[str, ...] = ()
    category_names: tuple[str, ...] = ()

    def for_field(self, name: str) -> dict[str, object]:
        if name == "stage":
            return self.stages
        if name == "category":
            return self.categories
        return choice_vocabulary(CHOICES[name])

    def names(self, name: str) -> list[str]:
        """Our names for a field's values, as the user sees them."""
        if name == "stage":
            return list(self.stage_names or self.stages)
        if name == "category":
            return list(self.category_names or self.categories)
        return [str(label) for _, label in CHOICES[name].choices]

    def hint(self, name: str) -> str:
        """How to fix an unknown value of a field: what ours are, and where to map it."""
        names = ", ".join(self.names(name)) or "none yet"
        return f"{_OURS[name]} are: {names}; map it in `values.{name}`"


def lookup(mapping: Mapping, vocab: Vocabulary, name: str) -> dict:
    """normalized file value → our stored value, from the mapping's table then our names."""
    ours = vocab.for_field(name)
    table = dict(ours)
    for file_value, our_name in mapping.values.get(name, {}).items():
        target = ours.get(normalize_name(our_name))
        if target is not None:
            table[normalize_name(file_value)] = target
    return table


def expected_choices(name: str) -> str:
    """The tail of an error message listing a choice field's values ("" for our own names)."""
    if name in ("stage", "category"):
        return ""
    return " Expected one of: " + ", ".join(v for v, _ in CHOICES[name].choices) + "."
