"""Demo organisations, networks and people. Loading twice changes nothing."""

from django.contrib.auth.models import Group

from networks.models import Membership, Network, Organisation, User
from networks.roles import PROJECT_TEAM_GROUP

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed for demo sign-in)

# (email, full name, description of the role) printed after loading.
SIGN_IN_ACCOUNTS = [
    ("admin@demo.example.gov.uk", "Admin (Django admin too)"),
    ("project.team@demo.example.gov.uk", "Project team"),
    ("lead@demo.example.gov.uk", "Network lead"),
    ("member@demo.example.gov.uk", "Network member"),
]


def _user(email, full_name, **extra):
    user, created = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, **extra}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def load(rng):
    ministry, _ = Organisation.objects.get_or_create(
        slug="ministry-of-civic-affairs",
        defaults={
            "name": "Ministry of Civic Affairs",
            "acronym": "MCA",
            "type": Organisation.Type.MINISTERIAL,
            "sector": Organisation.Sector.GOVERNMENT,
        },
    )
    network, _ = Network.objects.get_or_create(
        slug="mca-spectrum",
        defaults={
            "organisation": ministry,
            "name": "Spectrum",
            "description": "The LGBT+ staff network of the Ministry of Civic Affairs.",
            "contact_email": "spectrum@mca.demo.example.gov.uk",
        },
    )
    _user("admin@demo.example.gov.uk", "Alex Admin", is_staff=True, is_superuser=True)
    team = _user("project.team@demo.example.gov.uk", "Priya Project")
    team.groups.add(Group.objects.get(name=PROJECT_TEAM_GROUP))
    lead = _user("lead@demo.example.gov.uk", "Lee Lead")
    member = _user("member@demo.example.gov.uk", "Morgan Member")
    Membership.objects.get_or_create(
        user=lead, network=network, defaults={"role": Membership.Role.LEAD}
    )
    Membership.objects.get_or_create(
        user=member, network=network, defaults={"role": Membership.Role.MEMBER}
    )
