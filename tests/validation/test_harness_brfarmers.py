"""bench/validate.py's harness on the Brazilian farmers data, through the product's path.

The data come from ../shared/validation (see bench/validation/datasets.py); when they are
missing the test fails with a message saying where it looked, it is never skipped.
"""

import json
import re

import pytest

from bench.validation.datasets import DATASETS, ROOT, data_dir
from bench.validation.harness import validate_dataset
from identification.models import Evidence, Mention, Study

SPEC = DATASETS["brfarmers"]
LINE = re.compile(
    r"validate: brfarmers engine_rho=(-?\d\.\d{3}) se=(\d\.\d{3}) indegree_rho=(-?\d\.\d{3}) "
    r"pagerank_rho=(-?\d\.\d{3}) top10_toa=(\d+\.\d{2}) rest_toa=(\d+\.\d{2})"
)


@pytest.fixture
def result(db, settings, tmp_path):
    # The product's default number of replicates, as `make validate` runs it.
    settings.RANKING_BOOTSTRAP_REPLICATES = 200
    return validate_dataset(spec=SPEC, directory=data_dir(), workdir=tmp_path)


def test_through_the_product_path_the_ranking_predicts_adoption_as_well_as_in_degree(result):
    """One import of the data (the slow part), then every check of issue 8's part 2 and 3."""
    study = Study.objects.get(pk=result.study_id)
    assert list(study.stages.values_list("name", "weight")) == [(r, 1.0) for r in SPEC.relations]
    # 627 of the 692 farmers named someone; every kept nomination is one mention.
    assert Evidence.objects.filter(study=study).count() == 627
    assert Mention.objects.filter(evidence__study=study).count() == 2860
    assert set(Mention.objects.values_list("direction", flat=True)) == {"neutral"}
    assert study.published_run.parameters["damping"] == study.damping == 0.85
    assert result.counts["influencers"] == 386  # everyone named at least once

    engine, indegree = result.figures["engine"], result.figures["indegree"]
    # The baselines are the data set README's, computed by the harness itself.
    assert indegree.rho == pytest.approx(-0.224, abs=5e-4)
    assert result.figures["pagerank"].rho == pytest.approx(-0.219, abs=5e-4)
    assert result.figures["nominators"].rho == pytest.approx(-0.219, abs=5e-4)
    # The line to hold: at least as good as pooled in-degree within sampling noise, and
    # the top decile adopts earlier than the rest.
    assert engine.rho < 0
    assert engine.rho <= indegree.rho + engine.se
    assert engine.top10_toa < engine.rest_toa
    assert 0 < engine.se < 0.1
    assert engine.negative_communities / engine.communities >= 0.8

    match = LINE.fullmatch(result.line())
    assert match is not None, result.line()
    values = [float(v) for v in match.groups()]
    expected = [engine.rho, engine.se, indegree.rho, result.figures["pagerank"].rho]
    assert values[:4] == pytest.approx(expected, abs=5e-4)
    assert values[4:] == pytest.approx([engine.top10_toa, engine.rest_toa], abs=5e-3)

    held, of = result.coverage
    assert of == 25
    # Issue 8 asks for 90%; the defaults reach 22 of 25 (see the report): this keeps the
    # intervals from getting worse unnoticed, without pretending the bar is met.
    assert held >= 20


def test_docs_validation_json_holds_what_the_harness_computes_now(result):
    """The page's figures are the harness's: rerun `make validate` after changing the ranking."""
    document = json.loads((ROOT / "docs" / "validation.json").read_text())
    stored = document["datasets"]["brfarmers"]
    assert stored["line"] == result.line()
    assert stored["figures"]["engine"] == result.figures["engine"].as_dict()
    assert stored["counts"] == result.counts
