"""A first mapping guessed from a file's header — and from its question texts where its survey
tool gives them — for the analyst to correct on the mapping page.

A question that names a decision stage ("Who most influenced you at the selection stage?")
names influencers at that stage; a question about the respondent's organization, role… maps
to that field. Columns of the tool's own (ids, times) are mapped as the tool defines them.
"""

import re

from identification.models import normalize_name
from surveys.imports.exports import Export
from surveys.imports.mapping import LONG, NUMBERED, STAGE_COLUMN_FIELDS, WIDE, Mapping, question_of

# Column names (lower case, punctuation as spaces) that say what a column holds. Who answered
# and whom they named come in pairs, as network surveys name them: chooser / chosen,
# ego / alter, nominator / nominee, respondent / influencer.
_GUESSES = {
    "respondent_id": {
        "respondent id",
        "respondent",
        "response id",
        "respondentid",
        "respondent ref",
        "chooser",
        "chooser id",
        "ego",
        "ego id",
        "nominator",
        "nominator id",
    },
    "respondent_name": {"respondent name", "your name", "name of respondent"},
    "title": {"title", "job title"},
    "organization": {"organization", "organisation", "company", "employer"},
    "role": {"role", "buying role", "role in the buying group"},
    "outcome": {"outcome", "purchase outcome"},
    "deal_size": {"deal size", "deal size band", "deal"},
    "influencer_id": {
        "influencer id",
        "influencerid",
        "influencer ref",
        "chosen id",
        "chosen",
        "alter",
        "alter id",
        "nominee",
        "nominee id",
    },
    "influencer_name": {"influencer", "influencer name", "named", "name"},
    "category": {"category", "influencer category"},
    "stage": {"stage", "decision stage", "question"},
    "strength": {"strength"},
    "direction": {"direction"},
    "channel": {"channel"},
    "date": {"date", "collected on", "response date", "start date", "end date"},
    "quote": {"quote", "comment", "why"},
    "non_person": {"non person", "non person influence", "source"},
}
# A long file names who said what at which stage in columns of these names.
_LONG_KEYS = _GUESSES["stage"] | _GUESSES["influencer_name"] | _GUESSES["influencer_id"]
# Words of a question (as _key writes it) asking the respondent about themselves.
_QUESTIONS = {
    "organization": re.compile(r"\b(organization|organisation|company|employer)\b(?!.*\bsize\b)"),
    "role": re.compile(r"\brole\b"),
    "outcome": re.compile(r"\boutcome\b|\bhow did (it|the purchase) end\b"),
    "deal_size": re.compile(r"\bdeal size\b|\bsize of the deal\b"),
    "title": re.compile(r"\b(job|your) title\b"),
    "respondent_name": re.compile(r"\byour (full )?name\b"),
}


def _key(text: str) -> str:
    return " ".join(re.sub(r"[^0-9a-z]+", " ", normalize_name(text)).split())


def stage_named(text: str, stages) -> str | None:
    """The stage a question names ("…at the solution scoping stage?"), the longest if several."""
    padded = f" {_key(text)} "
    named = [s for s in stages if _key(s) and f" {_key(s)} " in padded]
    return max(named, key=lambda s: len(_key(s)), default=None)


def _questions(columns, export: Export) -> dict[str, str]:
    """Column → the question it asks: the tool's question text, or (plain files) its name."""
    if export.tool:
        return {c: export.questions[c] for c in columns if c in export.questions}
    return {c: c for c in columns}


def detect_layout(columns, *, export: Export | None = None, stages=()) -> str:
    """Wide when columns are numbered (`Q3_1`) or their questions name a stage, and nothing
    names the stage or influencer of a row."""
    export = export or Export(columns=tuple(columns))
    own = [c for c in columns if c not in export.metadata]
    if {_key(c) for c in own} & _LONG_KEYS:
        return LONG
    if any(NUMBERED.match(c) for c in own):
        return WIDE
    questions = _questions(own, export)
    return WIDE if any(stage_named(q, stages) for q in questions.values()) else LONG


def _free(mapping: Mapping, columns, export: Export) -> list[str]:
    return [c for c in columns if c not in mapping.columns and c not in export.metadata]


def _map_by_name(mapping: Mapping, columns, export: Export) -> None:
    used = set(mapping.columns.values())
    for column in _free(mapping, columns, export):
        key = _key(column)
        for target, names in _GUESSES.items():
            if key not in names or target in used:
                continue
            if mapping.layout == WIDE and target in STAGE_COLUMN_FIELDS:
                continue
            mapping.columns[column] = target
            used.add(target)
            break


def _map_stage_columns(mapping: Mapping, columns, export: Export, stages) -> None:
    """Wide layout: the columns naming influencers, and the stage of each one's question."""
    free = _free(mapping, columns, export)
    questions = _questions(free, export)
    named = {c: stage_named(questions.get(c, ""), stages) for c in free}
    stage_keys = {normalize_name(s) for s in stages}
    for column, stage in named.items():
        if stage is None:
            continue
        mapping.columns[column] = "influencer_name"
        question = question_of(column)
        if normalize_name(question) not in stage_keys:
            mapping.values.setdefault("stage", {}).setdefault(question, stage)
    if export.tool and any(named.values()):
        return  # the tool's question texts said which columns are about a stage
    # Numbered columns (Q3_1, Q3_2) name influencers; their question is mapped by hand.
    for column in free:
        if column in mapping.columns:
            continue
        if NUMBERED.match(column) or normalize_name(question_of(column)) in stage_keys:
            mapping.columns[column] = "influencer_name"


def _map_by_question(mapping: Mapping, columns, export: Export) -> None:
    """The respondent's details, from questions such as "Which organization do you work for?"."""
    used = set(mapping.columns.values())
    for column in _free(mapping, columns, export):
        text = _key(export.questions.get(column, ""))
        for target, pattern in _QUESTIONS.items():
            if target not in used and pattern.search(text):
                mapping.columns[column] = target
                used.add(target)
                break


def guess_mapping(
    columns, *, layout: str | None = None, stages=(), export: Export | None = None
) -> Mapping:
    """A first mapping from the header alone (and the tool's question texts), for the analyst
    to correct."""
    columns = list(columns)
    export = export or Export(columns=tuple(columns))
    mapping = Mapping(layout=layout or detect_layout(columns, export=export, stages=stages))
    mapping.columns.update({c: f for c, f in export.known.items() if c in columns})
    _map_by_name(mapping, columns, export)
    if mapping.layout == WIDE:
        _map_stage_columns(mapping, columns, export, stages)
    if export.tool:
        _map_by_question(mapping, columns, export)
    return mapping
