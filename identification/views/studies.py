"""The study page, its decision stages and its ranking settings."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_study_for_user,
    require_role,
)
from identification.forms.errors import add_service_errors
from identification.forms.studies import StageFormSet, StudySettingsForm, add_stage_errors
from identification.ranking.params import DEFAULT_DAMPING
from identification.selectors.navigation import study_links
from identification.selectors.runs import ranking_panel_context
from identification.selectors.studies import study_counts
from identification.services.studies import update_stages, update_study_settings


@login_required
def study_detail(request, slug):
    study = get_study_for_user(request.user, slug)
    can_edit = can_edit_evidence(request.user, study.client)
    return render(
        request,
        "identification/study_detail.html",
        {
            **ranking_panel_context(study=study, user=request.user),
            "study": study,
            "stages": study.stages.all(),
            "counts": study_counts(study=study),
            "can_edit": can_edit,
            "links": study_links(study=study, user=request.user, can_edit=can_edit),
            "default_damping": DEFAULT_DAMPING,
        },
    )


@login_required
def study_stages(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    formset = StageFormSet(request.POST or None, study=study, prefix="stages")
    if request.method == "POST" and formset.is_valid():
        rows, forms_ = formset.rows()
        try:
            update_stages(study=study, stages=rows)
        except ValidationError as exc:
            add_stage_errors(formset, forms_, exc)
        else:
            messages.success(request, "Decision stages saved.")
            return redirect("identification:study", slug=study.slug)
    return render(request, "identification/study_stages.html", {"study": study, "formset": formset})


@login_required
def study_settings(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    form = StudySettingsForm(request.POST or None, initial=StudySettingsForm.initial_for(study))
    if request.method == "POST" and form.is_valid():
        try:
            update_study_settings(study=study, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, "Ranking settings saved.")
            return redirect("identification:study", slug=study.slug)
    return render(request, "identification/study_settings.html", {"study": study, "form": form})
