"""A data set through the product's own path: create_study, import_evidence, a ranking run.

Needs a configured Django (a database the harness may write to). Each data set gets a
client of its own, because respondent ids are one person per client and the two data
sets' ids overlap.
"""

from __future__ import annotations

import io
import json
from dataclasses import replace
from pathlib import Path

import pandas as pd
from django.core.management import call_command

from bench.validation.datasets import DataSet, nominations_path
from identification.models import Influencer, RankingRun, Study
from identification.ranking import RankingParams, rank
from identification.services.ranking_data import EvidenceData, load_evidence
from identification.services.runs import compute_now, ranking_params
from identification.services.studies import StageInput, update_stages

CATEGORY = "Peers"
# Scores equal in exact arithmetic must stay tied for Spearman's rho whatever order the
# database returned the evidence in (the engine ranks on the same rounding).
SCORE_DECIMALS = 12


def mapping_document() -> dict:
    """The import mapping: a nomination is a mention chooser -> chosen at its relation's
    stage; direction neutral; the rest at the importer's defaults. Everyone named is a
    fellow villager, hence the category (the importer needs one for new influencers)."""
    return {
        "layout": "long",
        "columns": {
            "chooser_id": "respondent_id",
            "chosen_id": "influencer_id",
            "relation": "stage",
        },
        "defaults": {"direction": "neutral", "category": CATEGORY},
    }


def _relations_as_stages(study: Study, relations: tuple[str, ...]) -> None:
    """Replace the default stages by one stage per relation, each of weight 1."""
    rows = [StageInput(name=r, order=i, weight=1.0) for i, r in enumerate(relations, start=1)]
    rows += [
        StageInput(name=s.name, order=0, weight=s.weight, stage=s, delete=True)
        for s in study.stages.all()
    ]
    update_stages(study=study, stages=rows)


def import_dataset(*, spec: DataSet, directory: Path, workdir: Path) -> tuple[Study, str]:
    """Create the study and import the nominations file with the mapping, as a user would on
    the command line; returns the study and the import's report."""
    out = io.StringIO()
    call_command("create_study", f"Validation: {spec.title}", spec.title, stdout=out, stderr=out)
    study = Study.objects.get(slug=out.getvalue().strip().splitlines()[-1])
    _relations_as_stages(study, spec.relations)
    mapping = workdir / f"{spec.name}_mapping.json"
    mapping.write_text(json.dumps(mapping_document(), indent=2))
    report = io.StringIO()
    call_command(
        "import_evidence",
        str(nominations_path(spec, directory)),
        "--study",
        study.slug,
        "--mapping",
        str(mapping),
        stdout=report,
    )
    return study, report.getvalue()


def _external_ids(study: Study) -> dict[str, int]:
    """Engine node key (``i<pk>``) -> the data set's respondent id."""
    rows = Influencer.objects.filter(client=study.client).values_list("pk", "external_id")
    return {f"i{pk}": int(external) for pk, external in rows}


def published_run(*, study: Study, roster: pd.DataFrame) -> tuple[RankingRun, pd.DataFrame]:
    """Rank the study as the product does (a run, saved and published); returns the run and
    its entries per respondent id: score (0 for those nobody named), rank, rank_low, rank_high."""
    run = compute_now(study=study)
    if run.status != RankingRun.Status.SUCCEEDED:
        raise RuntimeError(f"The ranking run failed: {run.error}")
    rows = run.entries.values_list(
        "influencer__external_id", "score", "rank", "rank_low", "rank_high"
    )
    entries = pd.DataFrame(rows, columns=["id", "score", "rank", "rank_low", "rank_high"])
    entries["id"] = entries["id"].astype(int)
    entries["score"] = entries["score"].round(SCORE_DECIMALS)
    return run, entries.set_index("id").reindex(roster.index).fillna({"score": 0.0})


class Variants:
    """The study's evidence loaded once, ranked under other settings (the sweep)."""

    def __init__(self, *, study: Study) -> None:
        self.data: EvidenceData = load_evidence(study=study)
        self.params: RankingParams = ranking_params(study=study)
        self.ids = _external_ids(study)

    def entries(self, roster: pd.DataFrame, **changes) -> pd.DataFrame:
        """score, rank_low and rank_high per respondent id (score 0 for those nobody named),
        ranked with ``changes`` applied to the study's parameters."""
        params = replace(self.params, **changes)
        entries = rank(self.data.mentions, self.data.respondents, params).entries
        frame = entries[["score", "rank_low", "rank_high"]].set_axis(
            [self.ids[key] for key in entries.influencer]
        )
        frame["score"] = frame["score"].round(SCORE_DECIMALS)
        return frame.reindex(roster.index).fillna({"score": 0.0})
