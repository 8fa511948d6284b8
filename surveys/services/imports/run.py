"""Importing evidence from a mapped file: check every row, resolve names, write all or nothing."""

import time
from collections.abc import Callable

from django.db import IntegrityError, transaction

from identification import resolution as res
from identification.models import Evidence, Study, normalize_name
from identification.services.runs import note_evidence_changes, request_auto_run
from identification.text import strip_bidi_controls
from surveys.imports.guess import guess_mapping
from surveys.imports.mapping import Mapping, MappingError
from surveys.imports.plan import Plan
from surveys.imports.reading import ImportFileError, read_export
from surveys.imports.report import SKIPPED_LISTED, ImportReport
from surveys.imports.validation import build_plan
from surveys.imports.vocabulary import Vocabulary
from surveys.services.imports.changes import buyer_key, plan_changes, report_changes
from surveys.services.imports.resolve import resolve_entities
from surveys.services.imports.sample import sample_rows
from surveys.services.imports.write import SOURCE_PREFIX, source_key, write_import

Progress = Callable[[int], None]


def study_vocabulary(*, study: Study) -> Vocabulary:
    """The stage and category names a file's values may map to."""
    stages, categories = list(study.stages.all()), list(study.client.categories.all())
    return Vocabulary(
        stages={normalize_name(s.name): s.pk for s in stages},
        categories={normalize_name(c.name): c.pk for c in categories},
        stage_names=tuple(s.name for s in stages),
        category_names=tuple(c.name for c in categories),
    )


def _plan_report(plan: Plan, report: ImportReport) -> None:
    report.rows = plan.row_count
    report.ignored_columns = plan.ignored_columns
    report.respondents = len(plan.respondents)
    report.add_problems(problems=plan.problems, count=plan.problem_count, groups=plan.groups)


def _report_changes(changes, todo, entities, report: ImportReport, *, id_column) -> None:
    report_changes(changes, todo, entities, report, id_column=id_column)
    # Ids are per client: a respondent id on file from another study is that buyer.
    report.known_respondents = sum(buyer_key(r.respondent_id) in changes.on_file for r in todo)


def import_frame(
    *,
    study: Study,
    frame,
    mapping: Mapping,
    filename: str = "",
    user=None,
    dry_run: bool = False,
    decisions: dict | None = None,
    progress: Progress | None = None,
    request_ranking: bool = True,
) -> ImportReport:
    """Import a mapped frame into a study: everything or, on any problem, nothing.

    Respondents whose id was already imported into the study are skipped (and listed), so
    importing the same file twice creates nothing the second time and a grown export adds
    only its new respondents. A respondent id already on file for the client is that buyer,
    whatever the file says of them (a warning lists the differences). Near and ambiguous
    names become provisional influencers with a review, unless `decisions` (key →
    influencer id or "new", chosen in the preview) settles them. A dry run counts what the
    import would create with the same planning the import uses.
    """
    progress = progress or (lambda _percent: None)
    report = ImportReport(filename=filename, layout=mapping.layout, dry_run=dry_run)
    started = time.perf_counter()
    plan = build_plan(frame, mapping, study_vocabulary(study=study))
    _plan_report(plan, report)
    report.timings["check"] = round(time.perf_counter() - started, 3)
    progress(30)
    if not report.ok:
        return report
    done = set(
        Evidence.objects.filter(study=study, source_key__startswith=SOURCE_PREFIX).values_list(
            "source_key", flat=True
        )
    )
    todo, skipped = [], []
    for r in plan.respondents.values():
        (skipped if source_key(r.respondent_id) in done else todo).append(r)
    report.skipped_respondents = len(skipped)
    report.skipped_ids = [r.respondent_id for r in skipped[:SKIPPED_LISTED]]
    mark = time.perf_counter()
    registry = res.load_registry(client=study.client)
    entities = resolve_entities(todo, registry, decisions or {}, report)
    report.timings["resolve"] = round(time.perf_counter() - mark, 3)
    progress(50)
    id_column = mapping.column_for("respondent_id") or "respondent_id"
    sample = {"study": study, "respondents": todo, "entities": entities, "registry": registry}
    if dry_run or not report.ok:
        changes = plan_changes(client=study.client, respondents=todo, entities=entities)
        _report_changes(changes, todo, entities, report, id_column=id_column)
        report.sample = sample_rows(**sample, changes=changes)
        return report
    mark = time.perf_counter()
    try:
        with transaction.atomic():
            # Planned inside the transaction, so what is counted is what is written.
            changes = plan_changes(client=study.client, respondents=todo, entities=entities)
            _report_changes(changes, todo, entities, report, id_column=id_column)
            report.sample = sample_rows(**sample, changes=changes)
            write_import(
                study=study,
                respondents=todo,
                entities=entities,
                changes=changes,
                filename=filename,
                user=user,
                report=report,
                progress=progress,
            )
            # Each imported respondent is one change the published ranking has not seen.
            if request_ranking and todo:
                run = request_auto_run(study=study, changes=len(todo))
                report.ranking_run = run.pk if run else None
            elif todo:
                note_evidence_changes(study=study, changes=len(todo))
    except IntegrityError as exc:
        # The database's check constraints are the last line: a value that got past the
        # checks above is refused there, and the rolled-back transaction leaves nothing.
        report.created, report.influencers, report.ranking_run = {}, [], None
        report.add_problem(None, "", f"The database refused a value; nothing was imported: {exc}")
        return report
    report.timings["write"] = round(time.perf_counter() - mark, 3)
    report.timings["total"] = round(time.perf_counter() - started, 3)
    progress(100)
    return report


def import_file(
    *,
    study: Study,
    content: bytes,
    filename: str,
    mapping: Mapping | dict | None = None,
    layout: str | None = None,
    user=None,
    dry_run: bool = False,
    decisions: dict | None = None,
    progress: Progress | None = None,
    request_ranking: bool = True,
    max_bytes: int | None = None,
) -> ImportReport:
    """Read, check and import a CSV or XLSX file; without a mapping, one is guessed from
    the header. A file that cannot be read, or a bad mapping, is a problem in the report.

    `max_bytes` is a size limit; the command line has none, and browser uploads are held
    to IMPORT_MAX_UPLOAD_BYTES when they arrive (create_import_job).
    """
    filename = strip_bidi_controls(filename)  # it is written into evidence notes and reviews
    report = ImportReport(filename=filename, layout=layout or "", dry_run=dry_run)
    started = time.perf_counter()
    try:
        table = read_export(content=content, filename=filename, max_bytes=max_bytes)
    except ImportFileError as exc:
        report.add_problem(None, "", str(exc))
        return report
    frame, export = table.frame, table.export
    report.timings["read"] = round(time.perf_counter() - started, 3)
    if progress:
        progress(10)
    try:
        if mapping is None:
            stages = study.stages.values_list("name", flat=True)
            mapping = guess_mapping(frame.columns, layout=layout, stages=stages, export=export)
        elif isinstance(mapping, dict):
            mapping = Mapping.from_document(mapping)
        if layout:
            mapping.layout = layout
    except MappingError as exc:
        for message in exc.messages:
            report.add_problem(None, "mapping", message)
        return report
    result = import_frame(
        study=study,
        frame=frame,
        mapping=mapping,
        filename=filename,
        user=user,
        dry_run=dry_run,
        decisions=decisions,
        progress=progress,
        request_ranking=request_ranking,
    )
    result.describe_file(note=export.note, header_rows=export.header_rows, cleaned=table.cleaned)
    result.timings = {**report.timings, **result.timings}
    if "total" in result.timings:
        result.timings["total"] = round(time.perf_counter() - started, 3)
    return result
