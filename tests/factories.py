"""factory_boy factories for the domain; shared by every app's tests."""

import datetime as dt

import factory
from django.contrib.auth import get_user_model

from identification.models import (
    Buyer,
    Category,
    Evidence,
    Influencer,
    Mention,
    Organization,
)
from identification.models.choices import BuyingRole, EvidenceKind
from identification.services.setup import create_client, create_study


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


def make_client(name: str):
    return create_client(name=name)


def make_study(client, name: str = "Market study", **fields):
    return create_study(client=client, name=name, **fields)


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")


class BuyerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Buyer

    organization = factory.SubFactory(OrganizationFactory, client=factory.SelfAttribute("..client"))
    name = factory.Sequence(lambda n: f"Buyer {n}")
    role = BuyingRole.DECISION_MAKER


class InfluencerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Influencer

    name = factory.Sequence(lambda n: f"Influencer {n}")
    category = factory.LazyAttribute(lambda o: Category.objects.filter(client=o.client).first())


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Evidence

    kind = EvidenceKind.INTERVIEW
    buyer = factory.SubFactory(BuyerFactory, client=factory.SelfAttribute("..study.client"))
    collected_on = factory.LazyFunction(lambda: dt.date(2026, 10, 1))


class MentionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Mention

    influencer = factory.SubFactory(
        InfluencerFactory, client=factory.SelfAttribute("..evidence.study.client")
    )
    stage = factory.LazyAttribute(lambda o: o.evidence.study.stages.first())
