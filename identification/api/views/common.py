"""What the API views share: query-string validation and the caller's role."""

from drf_spectacular.utils import extend_schema
from rest_framework.decorators import api_view, authentication_classes, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.request import Request

from identification.access import role_for
from identification.models.choices import Role


def query_params(request: Request, serializer_class) -> dict:
    """The request's query string, validated (a bad value answers 400 naming it)."""
    serializer = serializer_class(data=request.query_params)
    serializer.is_valid(raise_exception=True)
    return {k: v for k, v in serializer.validated_data.items() if v not in (None, "")}


def shows_respondent_names(request: Request, client) -> bool:
    """Respondents' own names are for analysts only, as on the pages."""
    return role_for(request.user, client) == Role.ANALYST


@extend_schema(exclude=True)
@api_view(["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"])
@authentication_classes([])
@permission_classes([])
def not_found(request, *args, **kwargs):
    """No such address in the API."""
    raise NotFound("No such address in the API: see /api/docs/.")
