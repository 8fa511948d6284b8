"""The validation figures (docs/validation.json, written by bench/validate.py) for the
"How the ranking is checked" page: read when the file changes, shaped for the template."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from django.conf import settings

# The scores the page compares, in its order: the ranking, then the README's baselines.
COMPARED = {
    "engine": "Influencer50 ranking",
    "indegree": "Times named (in-degree)",
    "nominators": "Distinct people naming them",
    "pagerank": "Plain PageRank",
}


@dataclass(frozen=True)
class DataSetReport:
    """One diffusion study's figures, as the page shows them."""

    name: str
    title: str
    innovation: str
    people: str
    periods: str
    counts: dict
    citations: list[str]
    rows: list[tuple[str, dict]]
    difference: dict
    coverage: dict
    settings: dict
    damping_sweep: list[dict] = field(default_factory=list)

    @property
    def verdict(self) -> str:
        """ "better", "worse" or "as well": the ranking against times named, within noise."""
        rho, se = self.difference["rho"], self.difference["se"]
        if rho < -se:
            return "better"
        return "worse" if rho > se else "as well"


@dataclass(frozen=True)
class DampingChoice:
    """How the default weight of second-hand influence was chosen (the harness's sweep)."""

    value: float
    kept_default: bool
    chosen_on: str
    confirmed_on: str
    confirmed: bool


@dataclass(frozen=True)
class ValidationReport:
    """The whole file: per data set, the common citations and how to reproduce it."""

    datasets: list[DataSetReport]
    citations: list[str]
    command: str
    damping_choice: DampingChoice | None = None


def _damping_choice(doc: dict) -> DampingChoice | None:
    choice = doc.get("choice")
    if not choice:
        return None
    titles = {name: data["title"] for name, data in doc["datasets"].items()}
    damping = choice["damping"]
    return DampingChoice(
        value=damping["chosen"],
        kept_default=damping["kept_default"],
        chosen_on=titles.get(choice["chosen_on"], choice["chosen_on"]),
        confirmed_on=titles.get(choice["confirmed_on"], choice["confirmed_on"]),
        confirmed=damping["confirmed"],
    )


@lru_cache(maxsize=4)
def _parse(path: str, stamp: tuple[int, int]) -> dict:
    # `stamp` (mtime, size) is part of the key, so an updated file is read again.
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _damping_sweep(doc: dict, name: str, default: dict) -> list[dict]:
    """The sweep's rows that vary damping alone (other settings at their defaults)."""
    rows = doc.get("sweep", {}).get(name, [])
    return [
        r
        for r in rows
        if str(r["cap"]) == str(int(default["repeat_cap"])) and r["stages"] == "equal"
    ]


def _dataset(doc: dict, name: str, data: dict) -> DataSetReport:
    figures = data["figures"]
    return DataSetReport(
        name=name,
        title=data["title"],
        innovation=data["innovation"],
        people=data["people"],
        periods=data["periods"],
        counts=data["counts"],
        citations=data["citations"],
        rows=[(label, figures[key]) for key, label in COMPARED.items() if key in figures],
        difference=data["engine_minus_indegree"],
        coverage=data["interval_coverage"],
        settings=data["settings"],
        damping_sweep=_damping_sweep(doc, name, data["settings"]),
    )


def validation_report(*, path: Path | None = None) -> ValidationReport | None:
    """The figures of the last `make validate`, or None when the file is not there.

    Raises ValueError when the file is there but not what the harness writes.
    """
    path = Path(path or settings.VALIDATION_REPORT)
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    try:
        doc = _parse(str(path), (stat.st_mtime_ns, stat.st_size))
        return ValidationReport(
            datasets=[_dataset(doc, name, data) for name, data in doc["datasets"].items()],
            citations=doc.get("citations", []),
            command=doc.get("command", ""),
            damping_choice=_damping_choice(doc),
        )
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise ValueError(f"{path} is not a validation report: {exc!r}") from exc
