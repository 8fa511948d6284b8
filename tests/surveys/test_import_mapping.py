"""The mapping document: checked, round-tripped, guessed from a header."""

import pytest

from surveys.imports.guess import detect_layout, guess_mapping, stage_named
from surveys.imports.mapping import Mapping, MappingError, question_of

EXAMPLE = {
    "layout": "long",
    "columns": {"chooser": "respondent_id", "chosen": "influencer_id", "question": "stage"},
    "values": {"stage": {"advice": "Solution scoping"}},
    "defaults": {"strength": "notable", "channel": "in person", "category": "Peers"},
}


def test_the_readme_example_round_trips():
    assert Mapping.from_document(EXAMPLE).to_document() == EXAMPLE


def test_every_problem_of_a_bad_document_is_listed():
    doc = {
        "layout": "diagonal",
        "columns": {"a": "shoe_size", "b": "stage", "c": "stage"},
        "values": {"colour": {}},
        "defaults": {"quote": "x"},
        "extra": 1,
    }
    with pytest.raises(MappingError) as exc:
        Mapping.from_document(doc)
    text = " ".join(exc.value.messages)
    for expected in (
        "Unknown keys: extra",
        "layout",
        "shoe_size",
        "both map to stage",
        "colour",
        "quote",
    ):
        assert expected in text


def test_wide_question_of_a_column():
    assert question_of("Q3_1") == "Q3"
    assert question_of("Q4_other") == "Q4"
    assert question_of("Selection 2") == "Selection"
    assert question_of("Organization") == "Organization"


def test_guess_recognises_a_long_header():
    mapping = guess_mapping(["Respondent ID", "Influencer", "Stage", "Channel", "Notes"])
    assert mapping.layout == "long"
    assert mapping.columns == {
        "Respondent ID": "respondent_id",
        "Influencer": "influencer_name",
        "Stage": "stage",
        "Channel": "channel",
    }


def test_guess_recognises_a_survey_tool_wide_export():
    columns = ["Respondent ID", "Organization", "Role", "Q3_1", "Q3_2", "Q4_1"]
    assert detect_layout(columns) == "wide"
    mapping = guess_mapping(columns)
    assert mapping.stage_columns() == [
        ("Q3_1", "influencer_name"),
        ("Q3_2", "influencer_name"),
        ("Q4_1", "influencer_name"),
    ]
    assert mapping.column_for("organization") == "Organization"


def test_a_sub_item_after_a_dash_belongs_to_its_question():
    assert question_of("Who influenced you? - Name 1") == "Who influenced you?"
    assert question_of("Who influenced you? - Other (please specify)") == "Who influenced you?"
    assert question_of("Q3 - 2") == "Q3"


def test_a_question_names_the_longest_stage_it_mentions():
    stages = ["Selection", "Supplier shortlisting", "Validation / sign-off"]
    assert stage_named("Who swayed you at the SELECTION stage?", stages) == "Selection"
    assert stage_named("validation_sign_off/name_1", stages) == "Validation / sign-off"
    assert stage_named("Who swayed your selection of the supplier shortlisting?", stages) == (
        "Supplier shortlisting"
    )
    assert stage_named("Who swayed you most?", stages) is None
    assert stage_named("Preselection chats", stages) is None  # whole words only


def test_a_plain_wide_file_maps_stage_named_and_numbered_columns_as_before():
    mapping = guess_mapping(["id", "Selection_1", "Q3_1"], stages=["Selection"])
    assert mapping.layout == "wide"
    assert mapping.stage_columns() == [
        ("Selection_1", "influencer_name"),
        ("Q3_1", "influencer_name"),
    ]
    assert mapping.values == {}  # Selection needs no entry; Q3 is mapped by the analyst


def test_every_part_of_a_document_of_the_wrong_shape_is_reported():
    with pytest.raises(MappingError) as exc:
        Mapping.from_document({"columns": [], "values": [], "defaults": []})
    assert exc.value.messages == [
        "columns must be an object of file column → our field.",
        "values must be an object of field → {file value: our name}.",
        "defaults must be an object of field → value.",
    ]
    with pytest.raises(MappingError, match="must be a JSON object"):
        Mapping.from_document(["layout"])


@pytest.mark.parametrize(
    ("who", "whom"),
    [
        ("chooser_id", "chosen_id"),
        ("chooser", "chosen"),
        ("ego_id", "alter_id"),
        ("Nominator", "Nominee"),
        ("respondent", "influencer_id"),
    ],
)
def test_guess_reads_who_named_whom_both_ways(who, whom):
    mapping = guess_mapping([who, whom, "question"])
    assert mapping.layout == "long"
    assert mapping.columns == {who: "respondent_id", whom: "influencer_id", "question": "stage"}
