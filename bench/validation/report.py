"""The harness's output: Markdown tables, the machine-readable lines, docs/validation.json."""

from __future__ import annotations

import json
from pathlib import Path

from bench.validation.datasets import COMMON_CITATIONS
from bench.validation.harness import SCORES, Result
from bench.validation.sweep import (
    CHOOSABLE,
    CHOSEN_ON,
    CONFIRMED_ON,
    DEFAULT,
    Choice,
    SweepRow,
    choose,
)

COMMAND = ".venv/bin/python bench/validate.py --sweep"


def result_table(result: Result) -> list[str]:
    """One data set's figures, engine first, then the baselines."""
    c = result.counts
    lines = [
        f"### {result.spec.name}: {result.spec.title}",
        "",
        f"{c['respondents']} {result.spec.people} in {c['communities']} communities, "
        f"{c['adopters']} adopters, {c['nominations']} nominations imported as "
        f"{c['evidence']} evidence items with {c['mentions']} mentions.",
        "",
        "| score | rho (all) | se | rho (adopters) | top 10%: n | mean toa top | mean toa rest "
        "| adopted top | adopted rest | communities rho < 0 |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for key, label in SCORES.items():
        f = result.figures[key]
        lines.append(
            f"| {label} | {f.rho:+.3f} | {f.se:.3f} | {f.rho_adopters:+.3f} | {f.top10_n} "
            f"| {f.top10_toa:.2f} | {f.rest_toa:.2f} | {f.top10_adopted:.1%} "
            f"| {f.rest_adopted:.1%} | {f.negative_communities} of {f.communities} |"
        )
    held, of = result.coverage
    difference = result.figures["engine"].rho - result.figures["indegree"].rho
    lines += [
        "",
        f"Engine minus in-degree: rho {difference:+.3f} (paired bootstrap se "
        f"{result.difference_se:.3f}). Rank intervals: {held} of the in-degree top {of} "
        f"hold their in-degree rank ({held / of:.0%}).",
        "",
    ]
    return lines


def sweep_table(name: str, rows: list[SweepRow]) -> list[str]:
    lines = [
        f"### Sweep on {name}",
        "",
        "| damping | cap | stages | rho (se) | minus in-degree (paired se) "
        "| minus defaults (paired se) | top 10% toa | rest toa | intervals hold |",
        "| ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(
            f"| {r.damping:.2f} | {r.cap} | {r.stages} | {r.rho:+.3f} ({r.se:.3f}) "
            f"| {r.minus_indegree:+.3f} ({r.minus_indegree_se:.3f}) "
            f"| {r.minus_default:+.3f} ({r.minus_default_se:.3f}) | {r.top10_toa:.2f} "
            f"| {r.rest_toa:.2f} | {r.held} of {r.of} |"
        )
    return [*lines, ""]


def one_at_a_time(sweeps: dict[str, list[SweepRow]]) -> list[str]:
    """The sweep's rows that change one setting from the defaults, data sets side by side:
    rho minus the defaults' (paired se), and intervals held."""
    names = list(sweeps)
    by_setting: dict[tuple, dict[str, SweepRow]] = {}
    for name, rows in sweeps.items():
        for r in rows:
            changed = [
                value != default
                for value, default in zip((r.damping, r.cap, r.stages), DEFAULT, strict=True)
            ]
            if sum(changed) <= 1:
                by_setting.setdefault((r.damping, r.cap, r.stages), {})[name] = r
    header = "| damping | cap | stages | " + " | ".join(
        f"{n} rho | {n} minus defaults (paired se) | {n} intervals hold" for n in names
    )
    lines = [
        "### One setting at a time (defaults: damping 0.85, cap 8, equal stage weights)",
        "",
        header + " |",
        "| ---: | ---: | --- |" + " ---: | ---: | ---: |" * len(names),
    ]
    for (damping, cap, stages), cells in by_setting.items():
        parts = [
            f"{c.rho:+.3f} | {c.minus_default:+.3f} ({c.minus_default_se:.3f}) | {c.held} of {c.of}"
            for c in (cells[n] for n in names)
        ]
        lines.append(f"| {damping:.2f} | {cap} | {stages} | " + " | ".join(parts) + " |")
    return [*lines, ""]


def choices(sweeps: dict[str, list[SweepRow]]) -> list[Choice]:
    """The defaults chosen on CHOSEN_ON and confirmed on CONFIRMED_ON, when both were swept."""
    if not {CHOSEN_ON, CONFIRMED_ON} <= set(sweeps):
        return []
    return [choose(sweeps, setting) for setting in CHOOSABLE]


def choice_lines(found: list[Choice]) -> list[str]:
    lines = []
    for c in found:
        if c.chosen is not c.default:
            verdict = "it replaces the default"
        elif c.beats_default:
            verdict = f"its gain does not replicate on {CONFIRMED_ON}: the default is kept"
        else:
            verdict = "no difference: the default is kept"
        k, b = c.confirmation, c.best_elsewhere
        lines += [
            f"{c.setting}, chosen on {CHOSEN_ON}: the best is {c.value(c.best)} (rho "
            f"{c.best.rho:+.3f}), {c.best.minus_default:+.3f} (paired se "
            f"{c.best.minus_default_se:.3f}) from the default {c.value(c.default)}; on "
            f"{CONFIRMED_ON} it is {b.minus_default:+.3f} (paired se {b.minus_default_se:.3f}) "
            f"from the default: {verdict}.",
            f"  {c.value(c.chosen)} on {CONFIRMED_ON}: rho {k.rho:+.3f} (se {k.se:.3f}), minus "
            f"in-degree {k.minus_indegree:+.3f} (paired se {k.minus_indegree_se:.3f}); top 10% "
            f"{k.top10_toa:.2f} against {k.rest_toa:.2f}: "
            f"{'confirmed' if c.confirmed else 'NOT confirmed'}.",
        ]
    return [*lines, ""] if lines else []


def document(results: list[Result], sweeps: dict[str, list[SweepRow]]) -> dict:
    """What docs/validation.json holds (no timestamps: the same code gives the same file)."""
    doc = {
        "command": COMMAND,
        "method": {
            "rho": "Spearman rho of score against time of adoption over all respondents, "
            "non-adopters at the last code; negative means higher-ranked adopted earlier",
            "se": "bootstrap standard error over respondents (1000 resamples, seed 0)",
            "top10": "mean time of adoption of the top 10% by score (ties at the cut "
            "included) against the rest",
            "interval_coverage": "of the 25 most-named, how many have a rank interval "
            "holding their in-degree rank",
        },
        "citations": list(COMMON_CITATIONS),
        "datasets": {r.spec.name: r.as_dict() for r in results},
    }
    if sweeps:
        doc["sweep"] = {name: [row.as_dict() for row in rows] for name, rows in sweeps.items()}
    found = choices(sweeps)
    if found:
        doc["choice"] = {
            "chosen_on": CHOSEN_ON,
            "confirmed_on": CONFIRMED_ON,
            **{c.setting: c.as_dict() for c in found},
        }
    return doc


def write_document(path: Path, doc: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False) + "\n")
