"""Between the ORM and the ranking engine: a study's evidence as frames, and entries back.

Node keys make one person one node: `i<id>` for an influencer, `b<id>` for a buyer, and
a buyer who is also an influencer (Influencer.buyer) takes the influencer's key.

Reading uses two queries (mentions with their evidence, and the evidence itself) and
no model instances: at a million mentions, building objects would cost more than the
ranking. On PostgreSQL the rows are streamed with COPY, which is several times faster
than fetching them through the cursor.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass, field

import pandas as pd
from django.db import connection

from identification.models import Evidence, Influencer, Mention, RankingEntry, RankingRun, Study

WRITE_BATCH = 5000
# An entry page lists organizations by share; past a couple of dozen they are noise, and
# at a million mentions keeping them all would triple the size of the stored entries.
ORGANIZATIONS_KEPT = 25
NAME_CHUNK = 5000

MENTION_FIELDS = {
    "mention": "pk",
    "evidence": "evidence_id",
    "buyer": "evidence__buyer_id",
    "buyer_influencer": "evidence__buyer__influencer__id",
    "respondent_influencer": "evidence__respondent_influencer_id",
    "influencer": "influencer_id",
    "stage": "stage__name",
    "strength": "strength",
    "direction": "direction",
    "channel": "channel",
    "collected_on": "evidence__collected_on",
    "quote": "quote",
}
EVIDENCE_FIELDS = {
    "evidence": "pk",
    "collected_on": "collected_on",
    "buyer": "buyer_id",
    "buyer_influencer": "buyer__influencer__id",
    "respondent_influencer": "respondent_influencer_id",
    "role": "buyer__role",
    "organization": "buyer__organization__name",
    "deal_size": "buyer__deal_size_band",
    "buyer_name": "buyer__name",
    "affiliation": "respondent_influencer__affiliation",
    "influencer_name": "respondent_influencer__name",
}


@dataclass
class EvidenceData:
    """A study's evidence in the engine's input format, plus what saving needs."""

    mentions: pd.DataFrame
    respondents: pd.DataFrame
    saturation: pd.DataFrame
    evidence_count: int
    # Node key -> how to show that respondent beside a quote.
    respondent_labels: dict[str, str] = field(default_factory=dict)


def _frame(queryset, fields: dict[str, str]) -> pd.DataFrame:
    """Rows of `queryset` as a frame with columns named after `fields`' keys."""
    qs = queryset.order_by().values_list(*fields.values())
    if connection.vendor == "postgresql":
        sql, params = qs.query.sql_with_params()
        with connection.cursor() as cursor:
            query = cursor.mogrify(sql, params).decode()
            buffer = io.StringIO()
            cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH (FORMAT csv, HEADER false)", buffer)
        buffer.seek(0)
        frame = pd.read_csv(
            buffer,
            names=list(fields),
            dtype=str,
            keep_default_na=False,
            na_values=[],
        )
        # COPY writes NULL as an empty unquoted field, the same as "": only the id and
        # text columns below care, and for them both mean "none".
        return frame
    rows = list(qs)
    columns = list(zip(*rows, strict=True)) if rows else [()] * len(fields)
    return pd.DataFrame(
        {
            name: pd.Series(
                ["" if v is None else str(v) for v in values], dtype="str", index=range(len(rows))
            )
            for name, values in zip(fields, columns, strict=True)
        }
    )


def _node_keys(frame: pd.DataFrame) -> pd.Series:
    """The respondent's node key per row: its influencer's key if it has one, else `b<id>`."""
    influencer = frame["respondent_influencer"].where(
        frame["respondent_influencer"] != "", frame["buyer_influencer"]
    )
    return ("i" + influencer).where(influencer != "", "b" + frame["buyer"])


def load_evidence(*, study: Study) -> EvidenceData:
    """Load a study's mentions and respondents as the engine's frames (two queries)."""
    mentions = _frame(Mention.objects.filter(evidence__study=study), MENTION_FIELDS)
    evidence = _frame(Evidence.objects.filter(study=study), EVIDENCE_FIELDS)

    evidence["respondent"] = _node_keys(evidence)
    labels = dict(
        zip(
            evidence["respondent"],
            _respondent_labels(evidence),
            strict=True,
        )
    )
    # One row per respondent; an influencer who was interviewed and is also a buyer
    # keeps the buyer's role (the row with a role sorts first).
    respondents = (
        evidence.sort_values(["respondent", "role"], ascending=[True, False])
        .drop_duplicates("respondent")
        .assign(organization=lambda f: f["organization"].where(f["buyer"] != "", f["affiliation"]))[
            ["respondent", "role", "organization", "deal_size"]
        ]
        .reset_index(drop=True)
    )

    mention_frame = pd.DataFrame(
        {
            "evidence": mentions["evidence"].astype("int64"),
            "respondent": _node_keys(mentions),
            "influencer": "i" + mentions["influencer"],
            "stage": mentions["stage"],
            "strength": mentions["strength"],
            "direction": mentions["direction"],
            "channel": mentions["channel"],
            "collected_on": pd.to_datetime(mentions["collected_on"]),
            "quote": mentions["quote"],
            "mention": mentions["mention"].astype("int64"),
        }
    )
    named = mention_frame[["evidence", "collected_on", "influencer"]]
    silent = evidence.loc[
        ~evidence["evidence"].astype("int64").isin(named["evidence"]), ["evidence", "collected_on"]
    ]
    saturation_frame = pd.concat(
        [
            named,
            # Plain arrays: Series with different indexes would be aligned into NaN rows.
            pd.DataFrame(
                {
                    "evidence": silent["evidence"].astype("int64").to_numpy(),
                    "collected_on": pd.to_datetime(silent["collected_on"]).to_numpy(),
                    "influencer": [None] * len(silent),
                }
            ),
        ],
        ignore_index=True,
    )
    return EvidenceData(
        mentions=mention_frame,
        respondents=respondents,
        saturation=saturation_frame,
        evidence_count=len(evidence),
        respondent_labels=labels,
    )


def _respondent_labels(evidence: pd.DataFrame) -> list[str]:
    labels = []
    for row in evidence.itertuples(index=False):
        if row.buyer:
            who = row.buyer_name or f"Respondent #{row.buyer}"
            labels.append(f"{who} ({row.organization})" if row.organization else who)
        else:
            labels.append(f"{row.influencer_name} (interviewed influencer)")
    return labels


def _influencer_names(client_id: int, ids: list[int]) -> dict[int, str]:
    names: dict[int, str] = {}
    for start in range(0, len(ids), NAME_CHUNK):
        chunk = ids[start : start + NAME_CHUNK]
        names.update(
            Influencer.objects.filter(client_id=client_id, pk__in=chunk).values_list("pk", "name")
        )
    return names


def _top_shares(shares, keep: int) -> dict[str, float]:
    """The `keep` largest shares, the rest summed under one "other" line."""
    ordered = sorted(shares.items(), key=lambda kv: (-kv[1], kv[0]))
    top = dict(ordered[:keep])
    rest = ordered[keep:]
    if rest:
        top[f"{len(rest)} other organizations"] = sum(v for _, v in rest)
    return top


def _explanation(explanation, labels: dict[str, str]) -> dict:
    if explanation is None:
        return {"by_stage": {}, "by_role": {}, "by_organization": {}, "quotes": []}
    return {
        "by_stage": dict(explanation.by_stage),
        "by_role": dict(explanation.by_role),
        "by_organization": _top_shares(explanation.by_organization, ORGANIZATIONS_KEPT),
        "quotes": [
            {
                "respondent": labels.get(respondent, respondent),
                "stage": stage,
                "strength": strength,
                "quote": quote,
            }
            for respondent, stage, strength, quote in explanation.quotes
        ],
    }


def entry_rows(*, run: RankingRun, result, data: EvidenceData) -> list[dict]:
    """The entries of `result` as dicts of RankingEntry fields."""
    entries = result.entries
    ids = [int(key[1:]) for key in entries["influencer"].tolist()]
    names = _influencer_names(run.study.client_id, ids)
    explanations = result.explanations
    rows = []
    columns = [c for c in entries.columns if c != "influencer"]
    for influencer_id, key, values in zip(
        ids,
        entries["influencer"].tolist(),
        entries[columns].itertuples(index=False, name=None),
        strict=True,
    ):
        row = dict(zip(columns, values, strict=True))
        row.update(
            influencer_id=influencer_id if influencer_id in names else None,
            influencer_name=names.get(influencer_id, key),
            explanation=_explanation(explanations.get(key), data.respondent_labels),
        )
        rows.append(row)
    return rows


def _clean(row: dict) -> dict:
    out = {}
    for name, value in row.items():
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        elif isinstance(value, dict):
            value = {str(k): (v.item() if hasattr(v, "item") else v) for k, v in value.items()}
        out[name] = value
    return out


def write_entries(*, run: RankingRun, result, data: EvidenceData) -> int:
    """Save a run's entries in bulk; returns how many. Call inside a transaction."""
    rows = [_clean(r) for r in entry_rows(run=run, result=result, data=data)]
    if connection.vendor == "postgresql":
        _copy_entries(run, rows)
    else:
        RankingEntry.objects.bulk_create(
            (RankingEntry(run=run, **row) for row in rows), batch_size=WRITE_BATCH
        )
    return len(rows)


def _copy_entries(run: RankingRun, rows: list[dict]) -> None:
    """COPY the entries in: at tens of thousands of rows it is several times bulk_create."""
    if not rows:
        return
    fields = [f for f in RankingEntry._meta.concrete_fields if not f.primary_key]
    columns = [f.column for f in fields]
    buffer = io.StringIO()
    for row in rows:
        values = []
        for f in fields:
            value = run.pk if f.name == "run" else row.get(f.attname, row.get(f.name))
            if value is None:
                values.append("\\N")
                continue
            if isinstance(value, dict | list):
                value = json.dumps(value)
            text = str(value)
            values.append(
                text.replace("\\", "\\\\")
                .replace("\t", "\\t")
                .replace("\n", "\\n")
                .replace("\r", "\\r")
            )
        buffer.write("\t".join(values))
        buffer.write("\n")
    buffer.seek(0)
    table = connection.ops.quote_name(RankingEntry._meta.db_table)
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({quoted}) FROM STDIN", buffer)
