"""The OpenAPI schema is the contract: schemathesis calls every operation with cases drawn
from it, valid and invalid, and no answer may be a server error or break the schema."""

from dataclasses import dataclass

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from identification.models.choices import Role
from tests.identification.api.conftest import token_value
from tests.isolation import build_world

# Path parameters pinned to real objects, so valid cases reach the views past the 404.
OBJECTS = {
    "influencers/{pk}": "influencer",
    "evidence/{pk}": "evidence",
    "runs/{pk}": "run",
}


# The schema view reads no database, so the schema loads when the module is collected.
schema = schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=15
)


@dataclass
class Caller:
    world: object
    token: str


@pytest.fixture
def _keep_connection():
    # The WSGI handler closes the database connection after each request, which would end
    # the test's transaction; Django's own test client holds these signals back the same way.
    for signal in (signals.request_started, signals.request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (signals.request_started, signals.request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def caller(tenant, other, settings, _keep_connection) -> Caller:
    settings.API_THROTTLE_RATE = "100000/min"
    world = build_world(tenant)
    build_world(other)
    return Caller(world=world, token=token_value(tenant.users[Role.ANALYST]))


def _pin(case, world) -> None:
    params = case.path_parameters or {}
    if "slug" in params:
        params["slug"] = world.study.slug
    if "client_slug" in params:
        params["client_slug"] = world.client.slug
    if "pk" in params:
        kind = next(v for k, v in OBJECTS.items() if k in case.operation.path)
        params["pk"] = {
            "influencer": world.influencer.pk,
            "evidence": world.evidence.pk,
            "run": world.entry.run_id,
        }[kind]


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_every_operation_keeps_the_contract(case, caller):
    if case.meta and case.meta.generation.mode == GenerationMode.POSITIVE:
        _pin(case, caller.world)
    # Every check but positive_data_acceptance: a schema-valid id need not exist, and a
    # refusal of an unknown id with a 400 is the right answer, not a breach of the contract.
    case.call_and_validate(
        headers={"Authorization": f"Bearer {caller.token}"},
        excluded_checks=[positive_data_acceptance],
    )
