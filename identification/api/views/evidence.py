"""A study's evidence and mentions; analysts post an interview with its mentions."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    get_for_user,
    get_study_for_user,
    require_role,
)
from identification.api.errors import interview_errors
from identification.api.serializers.evidence import (
    EvidenceDetailSerializer,
    EvidenceFilterSerializer,
    EvidenceSerializer,
    InterviewInput,
    MentionListSerializer,
    interview_kwargs,
)
from identification.api.views.common import query_params, shows_respondent_names
from identification.models import Evidence
from identification.selectors.evidence import evidence_detail, evidence_list, mention_list
from identification.services.evidence import record_interview


class _StudyMixin:
    def get_serializer_context(self):
        study = get_study_for_user(self.request.user, self.kwargs["slug"])
        return {
            **super().get_serializer_context(),
            "study": study,
            "show_names": shows_respondent_names(self.request, study.client),
        }


def _detail(pk: int, context: dict) -> dict:
    evidence = evidence_detail(evidence_qs=Evidence.objects.filter(pk=pk)).get()
    return EvidenceDetailSerializer(evidence, context=context).data


class EvidenceListCreate(_StudyMixin, generics.GenericAPIView):
    serializer_class = EvidenceSerializer

    @extend_schema(parameters=[EvidenceFilterSerializer], responses=EvidenceSerializer(many=True))
    def get(self, request, slug):
        """The study's interviews and survey responses, newest first."""
        context = self.get_serializer_context()
        filters = query_params(request, EvidenceFilterSerializer)
        page = self.paginate_queryset(evidence_list(study=context["study"], **filters))
        return self.get_paginated_response(
            EvidenceSerializer(page, many=True, context=context).data
        )

    @extend_schema(request=InterviewInput, responses={201: EvidenceDetailSerializer})
    def post(self, request, slug):
        """Record an interview with its mentions, all or nothing (analysts).

        New influencer names are resolved as on the interview form: a name or alias of the
        registry is that influencer; a near match is refused with its candidates unless
        `different_person` is true.
        """
        context = self.get_serializer_context()
        study = context["study"]
        require_role(request.user, study.client, EDIT_EVIDENCE_ROLES)
        data = InterviewInput(data=request.data, study=study)
        data.is_valid(raise_exception=True)
        try:
            evidence = record_interview(
                study=study, user=request.user, **interview_kwargs(data.validated_data)
            )
        except ValidationError as exc:
            raise interview_errors(exc, data=request.data) from exc
        return Response(_detail(evidence.pk, context), status=status.HTTP_201_CREATED)


class EvidenceDetail(_StudyMixin, generics.GenericAPIView):
    serializer_class = EvidenceDetailSerializer

    def get(self, request, slug, pk):
        """One interview or survey response with its mentions."""
        context = self.get_serializer_context()
        queryset = evidence_detail(evidence_qs=Evidence.objects.filter(study=context["study"]))
        evidence = get_for_user(queryset, request.user, client_path="study__client", pk=pk)
        return Response(EvidenceDetailSerializer(evidence, context=context).data)


class MentionList(_StudyMixin, generics.GenericAPIView):
    serializer_class = MentionListSerializer

    @extend_schema(
        parameters=[EvidenceFilterSerializer], responses=MentionListSerializer(many=True)
    )
    def get(self, request, slug):
        """The study's mentions, filtered like its evidence."""
        context = self.get_serializer_context()
        filters = query_params(request, EvidenceFilterSerializer)
        page = self.paginate_queryset(mention_list(study=context["study"], **filters))
        return self.get_paginated_response(
            MentionListSerializer(page, many=True, context=context).data
        )
