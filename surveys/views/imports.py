"""Importing a survey tool's export: upload, map, preview, import, follow the job.

Every step is for analysts (who may edit evidence) of the study's client.
"""

import functools
import json
from pathlib import Path

import markdown
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    get_for_user,
    get_study_for_user,
    require_role,
)
from identification.text import ascii_filename
from surveys.forms.decisions import DecisionsForm
from surveys.forms.mapping import MappingForm, SaveMappingForm, value_rows
from surveys.forms.upload import UploadForm
from surveys.imports.mapping import Mapping
from surveys.imports.report import ImportReport
from surveys.models import ImportJob, SavedMapping
from surveys.selectors import import_jobs_for_study, job_table, our_names, saved_mappings
from surveys.services.import_jobs import (
    create_import_job,
    delete_mapping,
    preview_job,
    save_mapping,
    set_job_mapping,
    start_job,
)
from surveys.services.imports.run import study_vocabulary


def _study(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    return study


def _job(request, slug, pk) -> ImportJob:
    job = get_for_user(
        ImportJob.objects.filter(study__slug=slug).select_related("study__client"),
        request.user,
        client_path="study__client",
        pk=pk,
    )
    require_role(request.user, job.study.client, EDIT_EVIDENCE_ROLES)
    return job


def _json_download(document: dict, filename: str) -> HttpResponse:
    """A JSON file to save; `filename` is plain ASCII, never text a user typed."""
    response = HttpResponse(json.dumps(document, indent=2), content_type="application/json")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@login_required
def import_index(request, slug):
    study = _study(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None, client=study.client)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = create_import_job(
                study=study,
                user=request.user,
                filename=upload.name,
                content=upload.read(),
                layout=form.cleaned_data["layout"] or None,
                mapping=form.cleaned_data["mapping"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.message_dict.get("file", exc.messages))
        else:
            return redirect("surveys:import_mapping", study.slug, job.pk)
    page = Paginator(import_jobs_for_study(study=study), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "surveys/import_index.html",
        {
            "study": study,
            "form": form,
            "page": page,
            "mappings": saved_mappings(client=study.client),
        },
    )


@login_required
def import_mapping(request, slug, pk):
    job = _job(request, slug, pk)
    if job.status != ImportJob.Status.DRAFT:
        return redirect("surveys:import_job", slug, job.pk)
    table = job_table(job=job)
    frame = table.frame
    mapping = Mapping.from_document(job.mapping)
    rows = value_rows(mapping, frame, study_vocabulary(study=job.study))
    samples = {c: ", ".join(v for v in frame[c].head(3).tolist() if v) for c in frame.columns}
    form = MappingForm(
        request.POST or None,
        columns=list(frame.columns),
        mapping=mapping,
        rows=rows,
        names=our_names(study=job.study),
        samples=samples,
        questions=table.export.questions,
    )
    if request.method == "POST" and form.is_valid():
        set_job_mapping(job=job, mapping=form.to_mapping())
        if "apply" in request.POST:
            messages.info(request, "Mapping applied: check the values below.")
            return redirect("surveys:import_mapping", slug, job.pk)
        return redirect("surveys:import_preview", slug, job.pk)
    context = {"study": job.study, "job": job, "form": form, "export": table.export}
    return render(request, "surveys/import_mapping.html", context)


@login_required
def import_preview(request, slug, pk):
    job = _job(request, slug, pk)
    if job.status != ImportJob.Status.DRAFT:
        return redirect("surveys:import_job", slug, job.pk)
    report = ImportReport.from_dict(job.preview) if job.preview else preview_job(job=job)
    decisions = DecisionsForm(request.POST if request.method == "POST" else None, near=report.near)
    if request.method == "POST" and report.ok and decisions.is_valid():
        try:
            job = start_job(job=job, user=request.user, decisions=decisions.decisions())
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("surveys:import_job", slug, job.pk)
    return render(
        request,
        "surveys/import_preview.html",
        {
            "study": job.study,
            "job": job,
            "report": report,
            "decisions": decisions,
            "save_form": SaveMappingForm(),
        },
    )


@login_required
def import_job(request, slug, pk):
    job = _job(request, slug, pk)
    return render(
        request,
        "surveys/import_job.html",
        {"study": job.study, "job": job, "report": ImportReport.from_dict(job.result)},
    )


@login_required
def import_progress(request, slug, pk):
    """The progress fragment the job page polls (htmx) while the import runs."""
    job = _job(request, slug, pk)
    response = render(request, "surveys/_import_progress.html", {"study": job.study, "job": job})
    if not job.is_active:
        # Tell htmx to reload the page so the result appears.
        response["HX-Refresh"] = "true"
    return response


@login_required
def job_mapping_download(request, slug, pk):
    job = _job(request, slug, pk)
    return _json_download(job.mapping, f"mapping-{job.pk}.json")


@login_required
@require_POST
def job_mapping_save(request, slug, pk):
    job = _job(request, slug, pk)
    form = SaveMappingForm(request.POST)
    if form.is_valid():
        saved = save_mapping(
            client=job.study.client,
            name=form.cleaned_data["name"],
            mapping=Mapping.from_document(job.mapping),
            user=request.user,
        )
        messages.success(request, f"Mapping saved as “{saved.name}”.")
    else:
        messages.error(request, " ".join(form.errors.get("name", ["Give the mapping a name."])))
    return redirect("surveys:import_preview", slug, job.pk)


def _saved(request, slug, pk) -> SavedMapping:
    # The mapping is fetched before the role is checked, so another client's mapping is 404
    # for every role, as for the other objects.
    study = get_study_for_user(request.user, slug)
    saved = get_for_user(
        SavedMapping.objects.filter(client=study.client), request.user, client_path="client", pk=pk
    )
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    return saved


@login_required
def mapping_download(request, slug, pk):
    saved = _saved(request, slug, pk)
    name = ascii_filename(saved.name, fallback=f"mapping-{saved.pk}", suffix=".json")
    return _json_download(saved.document, name)


@login_required
@require_POST
def mapping_delete(request, slug, pk):
    saved = _saved(request, slug, pk)
    delete_mapping(mapping=saved)
    messages.success(request, f"Mapping “{saved.name}” deleted.")
    return redirect("surveys:import_index", slug)


SAMPLES = Path(__file__).resolve().parent.parent / "samples"
# The sample files offered on the import page (surveys/samples/, described in MAPPING.md).
SAMPLE_FILES = {
    "sample-long.csv": "text/csv",
    "sample-wide.csv": "text/csv",
    "sample-wide.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sample-wide-mapping.json": "application/json",
}


@login_required
def import_sample(request, name):
    """A sample export to try the import with (the same files for every client)."""
    if name not in SAMPLE_FILES:
        raise Http404("No such sample file.")
    return FileResponse(
        (SAMPLES / name).open("rb"),
        as_attachment=True,
        filename=name,
        content_type=SAMPLE_FILES[name],
    )


MAPPING_DOC = Path(__file__).resolve().parent.parent / "MAPPING.md"


@functools.cache
def _mapping_doc_html() -> str:
    # The document ships with the code, so it is read and rendered once per process.
    return mark_safe(
        markdown.markdown(MAPPING_DOC.read_text(encoding="utf-8"), extensions=["tables"])
    )


@login_required
def mapping_format(request):
    """The mapping JSON format (surveys/MAPPING.md), the same text the README links to."""
    return render(request, "surveys/mapping_format.html", {"doc": _mapping_doc_html()})
