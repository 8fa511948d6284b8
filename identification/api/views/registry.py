"""A client's categories and influencers; analysts create and edit influencers."""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from identification.access import (
    EDIT_EVIDENCE_ROLES,
    get_client_for_user,
    get_for_user,
    require_role,
)
from identification.api.errors import service_errors
from identification.api.serializers.registry import (
    CategorySerializer,
    InfluencerFilterSerializer,
    InfluencerInputSerializer,
    InfluencerSerializer,
)
from identification.api.views.common import query_params
from identification.models import Influencer
from identification.selectors.categories import category_list
from identification.selectors.registry import influencer_detail_qs, influencer_list
from identification.services.registry import create_influencer, update_influencer


class CategoryList(generics.ListAPIView):
    """The client's categories of influence, in their order, each with its family."""

    serializer_class = CategorySerializer
    pagination_class = None

    def get_queryset(self):
        return category_list(
            client=get_client_for_user(self.request.user, self.kwargs["client_slug"])
        )


def _influencer_queryset():
    return influencer_detail_qs(client_qs=Influencer.objects.all())


class InfluencerListCreate(generics.GenericAPIView):
    serializer_class = InfluencerSerializer

    @extend_schema(
        parameters=[InfluencerFilterSerializer], responses=InfluencerSerializer(many=True)
    )
    def get(self, request, client_slug):
        """The registry, searched by name and aliases and filtered."""
        client = get_client_for_user(request.user, client_slug)
        filters = query_params(request, InfluencerFilterSerializer)
        qs = influencer_list(client=client, **filters).prefetch_related("paid_ties")
        page = self.paginate_queryset(qs)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    @extend_schema(request=InfluencerInputSerializer, responses={201: InfluencerSerializer})
    def post(self, request, client_slug):
        """Add an influencer to the registry (analysts)."""
        client = get_client_for_user(request.user, client_slug)
        require_role(request.user, client, EDIT_EVIDENCE_ROLES)
        data = InfluencerInputSerializer(data=request.data, client=client)
        data.is_valid(raise_exception=True)
        try:
            influencer = create_influencer(client=client, **data.validated_data)
        except ValidationError as exc:
            raise service_errors(exc) from exc
        body = InfluencerSerializer(_influencer_queryset().get(pk=influencer.pk)).data
        return Response(body, status=status.HTTP_201_CREATED)


class InfluencerDetail(generics.GenericAPIView):
    serializer_class = InfluencerSerializer

    def _influencer(self):
        return get_for_user(
            _influencer_queryset().filter(client__slug=self.kwargs["client_slug"]),
            self.request.user,
            client_path="client",
            pk=self.kwargs["pk"],
        )

    def get(self, request, client_slug, pk):
        return Response(InfluencerSerializer(self._influencer()).data)

    @extend_schema(request=InfluencerInputSerializer, responses=InfluencerSerializer)
    def patch(self, request, client_slug, pk):
        """Change some of an influencer's details (analysts); aliases and paid ties, when
        sent, replace the old ones."""
        influencer = self._influencer()
        require_role(request.user, influencer.client, EDIT_EVIDENCE_ROLES)
        data = InfluencerInputSerializer(data=request.data, client=influencer.client, partial=True)
        data.is_valid(raise_exception=True)
        try:
            update_influencer(influencer=influencer, **data.validated_data)
        except ValidationError as exc:
            raise service_errors(exc) from exc
        return Response(InfluencerSerializer(self._influencer()).data)
