"""The public survey form: no log-in, an unguessable link, rate-limited per address."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django_ratelimit.decorators import ratelimit

from surveys.forms.public import SurveyResponseForm
from surveys.selectors import categories_for, open_survey_by_token, survey_questions
from surveys.services.surveys import submit_survey_response

RATE = settings.SURVEY_RATE_LIMIT


def _survey(token):
    survey = open_survey_by_token(token=token)
    if survey is None:
        raise Http404("No survey at this address.")
    return survey


@ratelimit(key="ip", rate=RATE, method="POST", block=False)
def public_form(request, token):
    survey = _survey(token)
    if not survey.is_open:
        return render(request, "surveys/public_closed.html", {"survey": survey}, status=410)
    if getattr(request, "limited", False):
        return render(request, "surveys/public_limited.html", {"survey": survey}, status=429)
    form = SurveyResponseForm(
        request.POST or None,
        survey=survey,
        questions=survey_questions(survey=survey),
        categories=categories_for(client=survey.study.client),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            submit_survey_response(
                survey=survey,
                name=data["name"],
                organization=data["organization"],
                role=data["role"],
                outcome=data["outcome"],
                deal_size=data["deal_size"],
                answers=form.answers(),
                non_person=form.non_person(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("surveys:public_thanks", token)
    return render(request, "surveys/public_form.html", {"survey": survey, "form": form})


def public_thanks(request, token):
    return render(request, "surveys/public_thanks.html", {"survey": _survey(token)})
