"""Ranking runs: the compute button and its progress panel, the ranking, its entries, past runs."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from identification.access import RUN_RANKING_ROLES, get_study_for_user, require_role
from identification.selectors import runs as selectors
from identification.services.runs import start_run

PANEL = "identification/_ranking_panel.html"


@login_required
@require_GET
def ranking_panel(request, slug):
    """The panel alone, polled by htmx while a run is queued or running."""
    study = get_study_for_user(request.user, slug)
    return render(request, PANEL, selectors.ranking_panel_context(study=study, user=request.user))


@login_required
@require_POST
def compute_ranking(request, slug):
    study = get_study_for_user(request.user, slug)
    require_role(request.user, study.client, RUN_RANKING_ROLES)
    start_run(study=study, user=request.user)
    if request.headers.get("HX-Request"):
        study.refresh_from_db(fields=["published_run"])
        context = selectors.ranking_panel_context(study=study, user=request.user)
        return render(request, PANEL, context)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
        return redirect(back)
    return redirect("identification:run_list", slug=slug)


@login_required
def run_list(request, slug):
    study = get_study_for_user(request.user, slug)
    page = Paginator(selectors.runs_of_study(study=study), 25).get_page(request.GET.get("page"))
    context = selectors.ranking_panel_context(study=study, user=request.user)
    return render(request, "identification/run_list.html", {**context, "page": page})


@login_required
def ranking(request, slug):
    study = get_study_for_user(request.user, slug)
    run = study.published_run
    entries = selectors.ranking_entries(run=run) if run else []
    context = {"study": study, "run": run, "entries": entries, "top": selectors.TOP}
    return render(request, "identification/ranking.html", context)


@login_required
def ranking_entry(request, slug, entry_id):
    study = get_study_for_user(request.user, slug)
    entry = selectors.entry_of_study(study=study, entry_id=entry_id)
    context = {"study": study, **selectors.entry_detail(entry=entry)}
    return render(request, "identification/ranking_entry.html", context)
