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


@dataclass(frozen=True)
class Vocabulary:
    """Our names a file's values may map to, for one study."""

    stages: dict[str, int]  # normalized stage name → stage id
    categories: dict[str, int]  # normalized category name → category id

    def for_field(self, name: str) -> dict[str, object]:
        if name == "stage":
            return self.stages
        if name == "category":
            return self.categories
        return choice_vocabulary(CHOICES[name])


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
