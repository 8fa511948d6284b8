"""Shared fixtures: two clients, a study each, and a user per role in each client.

Every view is tested as a member of the other client too (`other`), who must get 404.
"""

from dataclasses import dataclass

import pytest
from django.test import Client as HttpClient

from identification.models.choices import Role
from identification.services.setup import add_member
from tests.factories import UserFactory, make_client, make_study


@dataclass
class Tenant:
    client: object
    study: object
    users: dict  # role -> user

    def http(self, role: str) -> HttpClient:
        http = HttpClient()
        http.force_login(self.users[role])
        return http


def _tenant(name: str) -> Tenant:
    client = make_client(name)
    study = make_study(client, name=f"{name} study", sector="HR software", region="UK")
    users = {}
    for role in Role.values:
        user = UserFactory(username=f"{client.slug}-{role}")
        add_member(user=user, client=client, role=role)
        users[role] = user
    return Tenant(client=client, study=study, users=users)


@pytest.fixture
def tenant(db) -> Tenant:
    """The client under test, with one user per role."""
    return _tenant("Acme Software")


@pytest.fixture
def other(db) -> Tenant:
    """Another client, whose data `tenant`'s users must never see."""
    return _tenant("Globex")


@pytest.fixture
def analyst(tenant) -> HttpClient:
    return tenant.http(Role.ANALYST)


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff", is_staff=True, is_superuser=True)
