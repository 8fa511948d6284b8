"""Clients and studies the caller may see, and a study's decision stages."""

from django.core.validators import slug_re
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from identification.access import clients_for_user, get_client_for_user, get_study_for_user
from identification.api.serializers.tenancy import (
    ClientSerializer,
    StageSerializer,
    StudySerializer,
)
from identification.models import Membership, Study
from identification.models.choices import Role


class _RolesMixin:
    def get_serializer_context(self):
        user = self.request.user
        roles = dict(Membership.objects.filter(user=user).values_list("client_id", "role"))
        if user.is_staff:
            roles = {
                pk: roles.get(pk, Role.ANALYST)
                for pk in clients_for_user(user).values_list("pk", flat=True)
            }
        return {**super().get_serializer_context(), "roles": roles}


class ClientList(_RolesMixin, generics.ListAPIView):
    """The clients you are a member of, with your role in each."""

    serializer_class = ClientSerializer

    def get_queryset(self):
        return clients_for_user(self.request.user).order_by("name", "pk")


class ClientDetail(_RolesMixin, generics.RetrieveAPIView):
    serializer_class = ClientSerializer

    def get_object(self):
        return get_client_for_user(self.request.user, self.kwargs["client_slug"])


@extend_schema(
    parameters=[OpenApiParameter("client", str, description="Only this client's studies (slug).")]
)
class StudyList(generics.ListAPIView):
    """The studies of every client you may see."""

    serializer_class = StudySerializer

    def get_queryset(self):
        qs = Study.objects.filter(client__in=clients_for_user(self.request.user))
        slug = self.request.query_params.get("client")
        if slug:
            # What is not a slug names no client (and a NUL byte would fail on PostgreSQL).
            qs = qs.filter(client__slug=slug) if slug_re.fullmatch(slug) else qs.none()
        return qs.select_related("client").order_by("client__name", "name", "pk")


class StudyDetail(generics.RetrieveAPIView):
    serializer_class = StudySerializer

    def get_object(self):
        return get_study_for_user(self.request.user, self.kwargs["slug"])


class StageList(generics.ListAPIView):
    """A study's decision stages in their order, with their weights."""

    serializer_class = StageSerializer
    pagination_class = None

    def get_queryset(self):
        study = get_study_for_user(self.request.user, self.kwargs["slug"])
        return study.stages.order_by("order")
