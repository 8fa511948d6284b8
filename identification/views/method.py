"""The "How the ranking is checked" page: the method in words, with the harness's figures."""

import logging

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_GET

from identification.ranking.params import DEFAULT_DAMPING, RankingParams
from identification.selectors.validation import validation_report

logger = logging.getLogger(__name__)


@login_required
@require_GET
def ranking_method(request):
    problem = ""
    try:
        report = validation_report()
    except ValueError as exc:
        # The page still explains the method; the broken file is named for whoever fixes it.
        logger.error("%s", exc)
        report, problem = None, str(exc)
    context = {
        "report": report,
        "problem": problem,
        "default_damping": DEFAULT_DAMPING,
        "repeat_cap": RankingParams().repeat_cap,
    }
    return render(request, "identification/ranking_method.html", context)
