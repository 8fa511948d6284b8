"""Ranking runs (list, detail, trigger) and the ranked entries, as JSON pages or a CSV file."""

from django.db.models import Max
from django.http import StreamingHttpResponse
from django.utils.http import content_disposition_header
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import NotFound
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.reverse import reverse

from identification.access import RUN_RANKING_ROLES, get_study_for_user, require_role
from identification.api.renderers import CSVRenderer
from identification.api.serializers.runs import (
    EntrySerializer,
    RankingFilterSerializer,
    RunDetailSerializer,
    RunSerializer,
)
from identification.api.views.common import query_params
from identification.exports import rankings as export
from identification.models import RankingRun
from identification.selectors.rankings import (
    RankingRows,
    ranking_queryset,
    run_of_study,
    run_stage_names,
)
from identification.selectors.runs import runs_of_study
from identification.services.runs import start_run


class RunListCreate(generics.GenericAPIView):
    serializer_class = RunSerializer

    @extend_schema(responses=RunSerializer(many=True))
    def get(self, request, slug):
        """The study's ranking runs, newest first."""
        study = get_study_for_user(request.user, slug)
        page = self.paginate_queryset(runs_of_study(study=study).select_related("study"))
        return self.get_paginated_response(RunSerializer(page, many=True).data)

    @extend_schema(
        request=None,
        responses={
            201: OpenApiResponse(RunSerializer, description="A new run was started."),
            202: OpenApiResponse(
                RunSerializer, description="A run was already queued or running: that run."
            ),
        },
    )
    def post(self, request, slug):
        """Compute the study's ranking (analysts and marketing heads); poll the run for its
        status and progress."""
        study = get_study_for_user(request.user, slug)
        require_role(request.user, study.client, RUN_RANKING_ROLES)
        newest = study.runs.aggregate(newest=Max("pk"))["newest"] or 0
        run = start_run(study=study, user=request.user, trigger=RankingRun.Trigger.API)
        run.refresh_from_db()
        run.study.refresh_from_db(fields=["published_run"])
        created = run.pk > newest
        location = reverse("api:run_detail", args=[slug, run.pk], request=request)
        return Response(
            RunSerializer(run).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_202_ACCEPTED,
            headers={"Location": location},
        )


class RunDetail(generics.GenericAPIView):
    serializer_class = RunDetailSerializer

    def get(self, request, slug, pk):
        """One run with its status, progress, counts, parameters and timings."""
        study = get_study_for_user(request.user, slug)
        return Response(RunDetailSerializer(run_of_study(study=study, run_id=pk)).data)


FORMAT = OpenApiParameter(
    "format",
    str,
    enum=["json", "csv"],
    description="csv: the whole filtered list as one CSV file (as does Accept: text/csv).",
)


@extend_schema(
    parameters=[RankingFilterSerializer, FORMAT],
    responses={
        (200, "application/json"): EntrySerializer(many=True),
        (200, "text/csv"): OpenApiTypes.STR,
    },
)
class _Ranking(generics.GenericAPIView):
    serializer_class = EntrySerializer
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CSVRenderer]

    def run_for(self, study) -> RankingRun:
        raise NotImplementedError

    def get(self, request, slug, **kwargs):
        study = get_study_for_user(request.user, slug)
        run = self.run_for(study)
        filters = query_params(request, RankingFilterSerializer)
        if request.accepted_renderer.format == CSVRenderer.format:
            return self._csv(study, run, ranking_queryset(run=run, **filters))
        ordering = filters.pop("ordering", "rank")
        page = self.paginate_queryset(RankingRows(run=run, filters=filters, ordering=ordering))
        return self.get_paginated_response(EntrySerializer(page, many=True).data)

    def _csv(self, study, run, entries):
        stages = run_stage_names(run=run, study=study)
        response = StreamingHttpResponse(
            export.ranking_csv(entries, stage_names=stages), content_type="text/csv; charset=utf-8"
        )
        name = export.download_name(study=study, run=run, extension="csv")
        response["Content-Disposition"] = content_disposition_header(True, name)
        return response

    def finalize_response(self, request, response, *args, **kwargs):
        # Errors are JSON even when the CSV was asked for, so that a client can read them.
        if isinstance(response, Response) and isinstance(
            getattr(request, "accepted_renderer", None), CSVRenderer
        ):
            request.accepted_renderer, request.accepted_media_type = (
                JSONRenderer(),
                JSONRenderer.media_type,
            )
        return super().finalize_response(request, response, *args, **kwargs)


class PublishedRanking(_Ranking):
    """The study's published ranking: entries as JSON pages, or all of them as CSV."""

    def run_for(self, study):
        if study.published_run is None:
            raise NotFound("This study has no published ranking yet.")
        return study.published_run


class RunRanking(_Ranking):
    """One run's ranking: entries as JSON pages, or all of them as CSV."""

    def run_for(self, study):
        run = run_of_study(study=study, run_id=self.kwargs["pk"])
        if run.status != RankingRun.Status.SUCCEEDED:
            raise NotFound(f"Run {run.pk} has no ranking: it is {run.get_status_display()}.")
        return run
