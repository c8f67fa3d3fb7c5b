import factory
from django.contrib.auth.models import Group
from django.test import RequestFactory

from networks.models import Membership, Network, Organisation, User
from networks.roles import PROJECT_TEAM_GROUP

PASSWORD = "correct-horse-battery"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.gov.uk")
    full_name = factory.Faker("name", locale="en_GB")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def project_team(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(Group.objects.get(name=PROJECT_TEAM_GROUP))
        if create:
            self.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Department for Example Affairs {n}")
    acronym = factory.Sequence(lambda n: f"DEA{n}")
    slug = factory.Sequence(lambda n: f"department-for-example-affairs-{n}")
    type = Organisation.Type.MINISTERIAL
    sector = Organisation.Sector.GOVERNMENT


class NetworkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Network

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Network {n}")
    slug = factory.Sequence(lambda n: f"network-{n}")
    description = "An LGBT+ staff network."
    contact_email = factory.Sequence(lambda n: f"network{n}@example.gov.uk")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    network = factory.SubFactory(NetworkFactory)
    role = Membership.Role.MEMBER
    name_given = factory.LazyAttribute(lambda membership: membership.user.full_name)
    email_given = factory.LazyAttribute(lambda membership: membership.user.email)


def sign_in_request():
    """A request for ``client.login``: sign-in throttling needs to know the address."""
    return RequestFactory().post("/sign-in/")
