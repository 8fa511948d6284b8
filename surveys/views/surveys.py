"""Analysts build surveys for a study; every member of the client reads their results."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_for_user,
    get_study_for_user,
    require_role,
)
from surveys.forms.survey import SurveyCreateForm
from surveys.models import Survey
from surveys.selectors import survey_results, surveys_for_study
from surveys.services.surveys import create_survey, set_survey_open


def _survey_for_user(request, slug, pk) -> Survey:
    return get_for_user(
        Survey.objects.filter(study__slug=slug).select_related("study__client"),
        request.user,
        client_path="study__client",
        pk=pk,
    )


@login_required
def survey_index(request, slug):
    study = get_study_for_user(request.user, slug)
    return render(
        request,
        "surveys/survey_list.html",
        {
            "study": study,
            "surveys": surveys_for_study(study=study),
            "can_edit": can_edit_evidence(request.user, study.client),
        },
    )


@login_required
def survey_create(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    form = SurveyCreateForm(request.POST or None, study=study)
    if request.method == "POST" and form.is_valid():
        try:
            survey = create_survey(
                study=study,
                title=form.cleaned_data["title"],
                introduction=form.cleaned_data["introduction"],
                names_per_stage=form.cleaned_data["names_per_stage"],
                prompts=form.prompts(),
                user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Survey created: share its link with respondents.")
            return redirect("surveys:survey_detail", study.slug, survey.pk)
    return render(request, "surveys/survey_form.html", {"study": study, "form": form})


@login_required
def survey_detail(request, slug, pk):
    survey = _survey_for_user(request, slug, pk)
    link = request.build_absolute_uri(reverse("surveys:public_form", args=[survey.token]))
    return render(
        request,
        "surveys/survey_detail.html",
        {
            "study": survey.study,
            "survey": survey,
            "link": link,
            "results": survey_results(survey=survey),
            "can_edit": can_edit_evidence(request.user, survey.study.client),
        },
    )


@login_required
@require_POST
def survey_toggle(request, slug, pk):
    survey = _survey_for_user(request, slug, pk)
    require_role(request.user, survey.study.client, EDIT_EVIDENCE_ROLES)
    set_survey_open(survey=survey, is_open=request.POST.get("open") == "1")
    messages.success(request, "The link is open." if survey.is_open else "The link is closed.")
    return redirect("surveys:survey_detail", slug, survey.pk)
