"""Entity resolution on small literal registries, worked out by hand."""

from identification.resolution import (
    AMBIGUOUS,
    EXACT,
    FUZZY,
    NEAR,
    NEW,
    build_registry,
    cluster_new_names,
    count_methods,
    resolve_external_id,
    resolve_names,
)

REGISTRY = build_registry(
    [
        (1, "John Smith", "X1"),
        (2, "Jane Doe", ""),
        (3, "Jane Dow", ""),
        (4, "José Núñez", ""),
        (5, "Katherine Johnson", ""),
    ],
    [(1, "Johnny Smith")],
)


def test_external_id_comes_first():
    assert resolve_external_id(REGISTRY, "X1").influencer_id == 1
    assert resolve_external_id(REGISTRY, "X2") is None


def test_exact_name_and_alias_are_case_and_accent_insensitive():
    found = resolve_names(REGISTRY, ["JOHN SMITH", "johnny smith", "jose nunez"])
    assert found["john smith"].method == EXACT
    assert found["johnny smith"].influencer_id == 1
    assert found["jose nunez"].influencer_id == 4


def test_confident_fuzzy_match_resolves_and_word_order_does_not_matter():
    found = resolve_names(REGISTRY, ["Katherine Jonhson", "Smith John"])
    assert found["katherine jonhson"].method == FUZZY
    assert found["katherine jonhson"].influencer_id == 5
    assert found["smith john"].influencer_id == 1


def test_a_different_short_first_name_is_never_merged_silently():
    registry = build_registry([(1, "Laura Schneider", ""), (2, "Andrew Ramos", "")])
    found = resolve_names(registry, ["Lara Schneider", "Andrea Ramos", "Laura Schnieder"])
    assert found["lara schneider"].method == NEAR
    assert found["andrea ramos"].method == NEAR
    assert found["laura schnieder"].method == FUZZY


def test_two_close_candidates_are_ambiguous_and_never_merged():
    found = resolve_names(REGISTRY, ["Jane Do"])["jane do"]
    assert found.method == AMBIGUOUS
    assert found.influencer_id is None
    assert {c.id for c in found.candidates} == {2, 3}


def test_near_match_below_the_threshold_is_for_review():
    found = resolve_names(REGISTRY, ["Johnny Smithers"])["johnny smithers"]
    assert found.method == NEAR
    assert found.influencer_id is None
    assert found.candidates[0].id == 1
    assert found.needs_review


def test_unrelated_name_is_new():
    assert resolve_names(REGISTRY, ["Zed Alpha"])["zed alpha"].method == NEW


def test_duplicate_names_in_the_registry_are_ambiguous():
    registry = build_registry([(1, "Ann Lee", ""), (2, "ann lee", "")])
    assert resolve_names(registry, ["Ann Lee"])["ann lee"].method == AMBIGUOUS


def test_variants_of_new_names_cluster_under_the_most_frequent_spelling():
    variants = cluster_new_names(["alice brown", "alice browne", "bob stone", "alicia brown"])
    assert variants["alice browne"] == ("alice brown", 96.0, True)
    assert variants["alicia brown"][0] == "alice brown"
    assert variants["alicia brown"][2] is False  # a near match: reviewed, not merged
    assert "bob stone" not in variants


def test_counts_list_every_method():
    counts = count_methods(resolve_names(REGISTRY, ["John Smith", "Zed"]).values())
    assert counts == {"external_id": 0, "exact": 1, "fuzzy": 0, "near": 0, "ambiguous": 0, "new": 1}
