"""The evidence of a study: list, detail, logging, editing and deleting interviews, and the
buyer type-ahead of the interview form."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    can_edit_evidence,
    get_client_for_user,
    get_for_user,
    get_study_for_user,
    require_role,
)
from identification.forms.evidence import EvidenceFilterForm
from identification.forms.interview import InterviewForms
from identification.models import Evidence
from identification.selectors.evidence import evidence_detail, evidence_list, search_buyers
from identification.services.evidence import (
    delete_interview,
    record_interview,
    update_interview,
)

PAGE_SIZE = 25


def _evidence_for_user(request, slug, pk) -> Evidence:
    queryset = evidence_detail(evidence_qs=Evidence.objects.filter(study__slug=slug))
    return get_for_user(queryset, request.user, client_path="study__client", pk=pk)


@login_required
def evidence_index(request, slug):
    study = get_study_for_user(request.user, slug)
    filters = EvidenceFilterForm(request.GET or None, study=study)
    page = Paginator(evidence_list(study=study, **filters.filters()), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "identification/evidence_list.html",
        {
            "study": study,
            "filters": filters,
            "page": page,
            "query": filters.querystring(),
            "can_edit": can_edit_evidence(request.user, study.client),
        },
    )


@login_required
def evidence_show(request, slug, pk):
    evidence = _evidence_for_user(request, slug, pk)
    return render(
        request,
        "identification/evidence_detail.html",
        {
            "study": evidence.study,
            "evidence": evidence,
            "can_edit": can_edit_evidence(request.user, evidence.study.client),
        },
    )


def _interview_page(request, *, study, evidence=None):
    forms = InterviewForms(request.POST or None, study=study, evidence=evidence)
    if request.method == "POST" and forms.is_valid():
        try:
            if evidence is None:
                evidence = record_interview(
                    study=study, user=request.user, **forms.service_kwargs()
                )
            else:
                update_interview(evidence=evidence, user=request.user, **forms.service_kwargs())
        except ValidationError as exc:
            forms.add_service_errors(exc)
        else:
            messages.success(request, "Interview saved.")
            return redirect("identification:evidence_detail", slug=study.slug, pk=evidence.pk)
    return render(
        request,
        "identification/interview_form.html",
        {"study": study, "evidence": evidence, "form": forms.form, "mentions": forms.mentions},
    )


@login_required
def interview_create(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    return _interview_page(request, study=study)


@login_required
def interview_edit(request, slug, pk):
    evidence = _evidence_for_user(request, slug, pk)
    require_role(request.user, evidence.study.client, EDIT_EVIDENCE_ROLES)
    return _interview_page(request, study=evidence.study, evidence=evidence)


@login_required
def interview_delete(request, slug, pk):
    evidence = _evidence_for_user(request, slug, pk)
    study = evidence.study
    require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
    if request.method == "POST":
        delete_interview(evidence=evidence, user=request.user)
        messages.success(request, "Interview deleted.")
        return redirect("identification:evidence_list", slug=study.slug)
    return render(
        request,
        "identification/evidence_confirm_delete.html",
        {"study": study, "evidence": evidence},
    )


@login_required
@require_GET
def buyer_search(request, client_slug):
    """Type-ahead of the interview form's respondent: the client's buyers whose name or
    organization contains `q`, as JSON."""
    client = get_client_for_user(request.user, client_slug)
    found = search_buyers(client=client, q=request.GET.get("q", ""))
    return JsonResponse(
        {
            "results": [
                {
                    "id": b.pk,
                    "name": b.name or str(b),
                    "label": str(b),
                    "organization": b.organization.name,
                    "role": b.get_role_display(),
                }
                for b in found
            ]
        }
    )
