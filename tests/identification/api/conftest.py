"""API test helpers: a client that authenticates with a personal token."""

import itertools

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from identification.models import ApiToken
from identification.services.tokens import create_token

_numbers = itertools.count(1)


def token_value(user, *, scope=ApiToken.Scope.WRITE, name="") -> str:
    return create_token(user=user, name=name or f"tests {next(_numbers)}", scope=scope)[1]


def token_client(user, *, scope=ApiToken.Scope.WRITE, name="") -> APIClient:
    value = token_value(user, scope=scope, name=name)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {value}")
    return api


@pytest.fixture(autouse=True)
def _fresh_throttle():
    # The throttle counts in the cache; each test starts with a full budget.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(tenant):
    """role -> an API client with a read-write token of `tenant`'s user of that role."""
    return lambda role, **kw: token_client(tenant.users[role], **kw)
