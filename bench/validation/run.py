"""Runs the harness over data sets and reports (bench/validate.py's body, once Django is set)."""

from __future__ import annotations

import time
from pathlib import Path

from bench.validation.datasets import DataSet, nominations, respondents
from bench.validation.figures import baselines
from bench.validation.harness import Result, validate_dataset
from bench.validation.product import Variants
from bench.validation.report import (
    choice_lines,
    choices,
    document,
    one_at_a_time,
    result_table,
    sweep_table,
    write_document,
)
from bench.validation.sweep import SweepRow, sweep
from identification.models import Study


def sweep_dataset(*, spec: DataSet, directory: Path, result: Result) -> list[SweepRow]:
    """The settings sweep on the evidence ``result`` imported."""
    roster = respondents(spec, directory)
    noms = nominations(spec, directory)
    variants = Variants(study=Study.objects.get(pk=result.study_id))
    indegree = baselines(roster, noms)["indegree"]
    return sweep(variants=variants, roster=roster, noms=noms, indegree=indegree, never=spec.never)


def run_all(
    *, specs: list[DataSet], directory: Path, workdir: Path, sweep: bool, output: Path
) -> list[Result]:
    """Validate every data set, print the tables and the lines, write ``output``."""
    results, sweeps = [], {}
    for spec in specs:
        result = validate_dataset(spec=spec, directory=directory, workdir=workdir)
        results.append(result)
        print("\n".join(result_table(result)))
        print(f"({spec.name}: import, ranking run and figures took {result.seconds:.1f} s)\n")
        if sweep:
            started = time.perf_counter()
            sweeps[spec.name] = sweep_dataset(spec=spec, directory=directory, result=result)
            print("\n".join(sweep_table(spec.name, sweeps[spec.name])))
            print(f"({spec.name}: sweep took {time.perf_counter() - started:.1f} s)\n")
    if sweeps:
        print("\n".join(one_at_a_time(sweeps)))
        print("\n".join(choice_lines(choices(sweeps))))
    for result in results:
        print(result.line())
    write_document(output, document(results, sweeps))
    print(f"Wrote {output}")
    return results
