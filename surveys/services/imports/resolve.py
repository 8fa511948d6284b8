"""Resolving the influencers an import names: to an existing influencer, a planned new one,
or (for near and ambiguous names) a provisional one with a review."""

from collections import Counter
from dataclasses import dataclass, field

from identification import resolution as res
from identification.models import Influencer, normalize_name
from surveys.imports.report import ImportReport


@dataclass
class Entity:
    """One influencer the file names, and what it resolved to."""

    name: str
    external_id: str = ""
    method: str = res.NEW
    influencer_id: int | None = None
    same_as: "Entity | None" = None  # a spelling variant of a name new to the registry
    provisional: bool = False
    candidates: list[dict] = field(default_factory=list)
    category_id: int | None = None
    first_row: int = 0
    first_column: str = ""
    mentions: int = 0
    alias_of_existing: bool = False
    obj: Influencer | None = None

    def target(self) -> "Entity":
        return self.same_as.target() if self.same_as else self


def entity_key(mention) -> tuple[str, str]:
    return ("x", mention.external_id) if mention.external_id else ("n", mention.key)


def resolve_entities(respondents, registry: res.Registry, decisions: dict, report: ImportReport):  # noqa: C901 — split by issue 7
    """Map every named influencer of the file to an existing id or a planned new influencer."""
    entities: dict[tuple[str, str], Entity] = {}
    frequency: Counter = Counter()
    for respondent in respondents:
        for m in respondent.mentions:
            ekey = entity_key(m)
            entity = entities.get(ekey)
            if entity is None:
                entity = entities[ekey] = Entity(
                    name=m.name, external_id=m.external_id, first_row=m.row, first_column=m.column
                )
            entity.mentions += 1
            if entity.category_id is None:
                entity.category_id = m.category_id
            if ekey[0] == "n":
                frequency[ekey[1]] += 1
    ids_with_external = set(registry.by_external_id.values())
    for (kind, value), entity in entities.items():
        if kind != "x":
            continue
        found = res.resolve_external_id(registry, value)
        if found:
            entity.method, entity.influencer_id = res.EXTERNAL_ID, found.influencer_id
            continue
        exact = registry.by_key.get(normalize_name(entity.name), set()) - ids_with_external
        if entity.name != value and len(exact) == 1:
            entity.method, entity.influencer_id = res.EXACT, next(iter(exact))
    keys = [k for k, _ in frequency.most_common()]
    resolved = res.resolve_names(registry, keys)
    new_keys = []
    for key in keys:
        entity, outcome = entities[("n", key)], resolved[key]
        entity.method, entity.influencer_id = outcome.method, outcome.influencer_id
        entity.candidates = [c.as_dict() for c in outcome.candidates]
        entity.alias_of_existing = outcome.method == res.FUZZY
        if outcome.method == res.NEW:
            new_keys.append(key)
    for variant, (canonical, score, confident) in res.cluster_new_names(new_keys).items():
        entity, main = entities[("n", variant)], entities[("n", canonical)]
        entity.candidates = [{"id": None, "name": main.name, "score": score, "new": True}]
        if confident:
            entity.method, entity.same_as = res.FUZZY, main
        else:
            entity.method = res.NEAR
    for (kind, key), entity in entities.items():
        report.resolution[entity.method] += 1
        if entity.method not in (res.NEAR, res.AMBIGUOUS):
            continue
        choice = str(decisions.get(key, "")) if kind == "n" else ""
        if choice.isdigit() and int(choice) in registry.names:
            entity.influencer_id = int(choice)
            entity.alias_of_existing = True
        elif choice != "new":
            entity.provisional = True
        report.near.append(
            {
                "key": key,
                "name": entity.name,
                "method": entity.method,
                "candidates": entity.candidates,
                "row": entity.first_row,
                "mentions": entity.mentions,
                "choice": choice or "review",
            }
        )
    for entity in entities.values():
        if entity.influencer_id is None and entity.same_as is None and entity.category_id is None:
            report.add_problem(
                entity.first_row,
                entity.first_column,
                f"no category for the new influencer {entity.name!r}: map a category column "
                "or give a default category.",
            )
    return entities


def new_entities(entities: dict) -> list[Entity]:
    return [e for e in entities.values() if e.influencer_id is None and e.same_as is None]


def planned_aliases(entities: dict) -> list[tuple[Entity, str]]:
    """(influencer it names, normalized spelling) for each spelling matched with confidence."""
    return [
        (e.target(), key)
        for (kind, key), e in entities.items()
        if kind == "n" and (e.alias_of_existing or e.same_as)
    ]
