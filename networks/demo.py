"""Demo organisations, networks and people: a fictional civil service. Loading twice changes
nothing, and the same seed always gives the same people."""

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils.text import slugify

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

Type = Organisation.Type
Sector = Organisation.Sector

# (name, acronym, type, sector, parent acronym). Every name is invented.
ORGANISATIONS = [
    ("Ministry of Civic Affairs", "MCA", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    ("Department for Coastal Communities", "DCC", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    ("Department of Digital Infrastructure", "DDI", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    ("Ministry of Rural Resilience", "MRR", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    (
        "Department for Skills and Apprenticeships",
        "DSA",
        Type.MINISTERIAL,
        Sector.GOVERNMENT,
        None,
    ),
    ("Office for Public Wellbeing", "OPW", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    ("Department of Transport Networks", "DTN", Type.MINISTERIAL, Sector.GOVERNMENT, None),
    ("Ministry of Defence Readiness", "MDR", Type.MINISTERIAL, Sector.DEFENCE_SECURITY, None),
    ("Revenue and Tariffs Office", "RTO", Type.NON_MINISTERIAL, Sector.GOVERNMENT, None),
    ("National Statistics Board", "NSB", Type.NON_MINISTERIAL, Sector.GOVERNMENT, None),
    ("Land and Property Registry", "LPR", Type.NON_MINISTERIAL, Sector.GOVERNMENT, None),
    ("Office of Fair Markets", "OFM", Type.NON_MINISTERIAL, Sector.GOVERNMENT, None),
    ("Coastal Heritage Agency", "CHA", Type.EXECUTIVE_AGENCY, Sector.GOVERNMENT, "DCC"),
    ("Vehicle Records Agency", "VRA", Type.EXECUTIVE_AGENCY, Sector.GOVERNMENT, "DTN"),
    ("Digital Identity Service", "DIS", Type.EXECUTIVE_AGENCY, Sector.GOVERNMENT, "DDI"),
    ("Countryside Grants Agency", "CGA", Type.EXECUTIVE_AGENCY, Sector.GOVERNMENT, "MRR"),
    ("Civic Records Office", "CRO", Type.EXECUTIVE_AGENCY, Sector.GOVERNMENT, "MCA"),
    ("Defence Logistics Agency", "DLA", Type.EXECUTIVE_AGENCY, Sector.DEFENCE_SECURITY, "MDR"),
    ("Apprenticeship Standards Council", "ASC", Type.NDPB, Sector.EDUCATION, "DSA"),
    ("Public Health Advisory Board", "PHAB", Type.NDPB, Sector.HEALTH_SOCIAL_CARE, "OPW"),
    ("Fire and Rescue Standards Board", "FRSB", Type.NDPB, Sector.EMERGENCY_SERVICES, "MCA"),
    ("Borough Partnerships Commission", "BPC", Type.NDPB, Sector.LOCAL_GOVERNMENT, "DCC"),
    ("Northern Isles Executive", "NIE", Type.DEVOLVED, Sector.GOVERNMENT, None),
    ("Highlands and Borders Administration", "HBA", Type.DEVOLVED, Sector.GOVERNMENT, None),
    ("Intelligence Coordination Centre", "ICC", Type.OTHER, Sector.DEFENCE_SECURITY, None),
]

# Organisations with a second network besides their LGBT+ staff network.
SECOND_NETWORKS = {
    "MCA": "Diversity and Inclusion team",
    "DTN": "Rainbow Rail and Road",
    "MDR": "Defence Pride Allies",
    "RTO": "Trans and Non-binary Forum",
    "NIE": "Equality Working Group",
}

NETWORK_NAMES = [
    "Kaleidoscope",
    "Out Together",
    "Pride Network",
    "Unity",
    "Lighthouse",
    "Aurora",
    "Horizon",
    "Proud",
    "Rainbow Network",
    "OUTreach",
]

DESCRIPTIONS = [
    "The LGBT+ staff network of {org}. We run monthly socials, a mentoring scheme and "
    "allyship training, and advise on policy.",
    "A network for lesbian, gay, bisexual, trans and queer colleagues at {org} and their "
    "allies. Everyone is welcome.",
    "We work with HR at {org} to make policies inclusive and lead the organisation's "
    "Workplace Equality Index entry.",
    "Colleagues across {org} who support LGBT+ inclusion through events, role models and "
    "a network of trained allies.",
]

FIRST_NAMES = [
    "Aisha", "Ben", "Carys", "Dev", "Eilidh", "Femi", "Gareth", "Hana", "Idris", "Jess",
    "Kieran", "Lowri", "Malik", "Niamh", "Owen", "Priya", "Rhys", "Sanjay", "Tamsin", "Uzma",
    "Viktor", "Wren", "Yusuf", "Zara", "Alex", "Sam", "Jordan", "Robin", "Charlie", "Frankie",
]  # fmt: skip
LAST_NAMES = [
    "Adeyemi", "Bhatt", "Campbell", "Davies", "Evans", "Fraser", "Gallagher", "Hughes",
    "Iqbal", "Jones", "Kowalski", "Lewis", "MacLeod", "Nowak", "O'Neill", "Patel", "Quinn",
    "Reid", "Singh", "Thomas", "Underwood", "Vaughan", "Williams", "Young",
]  # fmt: skip


def _user(email, full_name, password_hash, **extra):
    user, _ = User.objects.get_or_create(
        email=email, defaults={"full_name": full_name, "password": password_hash, **extra}
    )
    return user


def _join(user, network, role):
    """A membership as a lead would have added them, typing their name and address."""
    Membership.objects.get_or_create(
        user=user,
        network=network,
        defaults={"role": role, "name_given": user.full_name, "email_given": user.email},
    )


def _people(rng, count):
    """``count`` different invented (first name, last name) pairs."""
    names = [(first, last) for first in FIRST_NAMES for last in LAST_NAMES]
    return rng.sample(names, count)


def _email(first, last, acronym):
    return f"{slugify(first)}.{slugify(last)}@{acronym.lower()}.demo.example.gov.uk"


def _organisations():
    by_acronym = {}
    for name, acronym, type_, sector, parent in ORGANISATIONS:
        by_acronym[acronym], _ = Organisation.objects.get_or_create(
            slug=slugify(name),
            defaults={
                "name": name,
                "acronym": acronym,
                "type": type_,
                "sector": sector,
                "parent": by_acronym[parent] if parent else None,
            },
        )
    return by_acronym


def _networks(rng, organisations):
    """The LGBT+ staff network of every organisation, and a few second networks."""
    wanted = [
        (acronym, rng.choice(NETWORK_NAMES)) for acronym in organisations if acronym != "MCA"
    ]
    wanted += list(SECOND_NETWORKS.items())
    networks = []
    for acronym, name in wanted:
        organisation = organisations[acronym]
        network, _ = Network.objects.get_or_create(
            slug=f"{acronym.lower()}-{slugify(name)}",
            defaults={
                "organisation": organisation,
                "name": name,
                "description": rng.choice(DESCRIPTIONS).format(org=organisation.name),
                "contact_email": f"{slugify(name)}@{acronym.lower()}.demo.example.gov.uk",
            },
        )
        networks.append(network)
    return networks


def load(rng):
    password_hash = make_password(DEMO_PASSWORD)
    organisations = _organisations()
    spectrum, _ = Network.objects.get_or_create(
        slug="mca-spectrum",
        defaults={
            "organisation": organisations["MCA"],
            "name": "Spectrum",
            "description": "The LGBT+ staff network of the Ministry of Civic Affairs.",
            "contact_email": "spectrum@mca.demo.example.gov.uk",
        },
    )
    networks = [spectrum, *_networks(rng, organisations)]

    _user(
        "admin@demo.example.gov.uk",
        "Alex Admin",
        password_hash,
        is_staff=True,
        is_superuser=True,
    )
    project_team = Group.objects.get(name=PROJECT_TEAM_GROUP)
    for email, name in [
        ("project.team@demo.example.gov.uk", "Priya Project"),
        ("sam.reid@project.demo.example.gov.uk", "Sam Reid"),
    ]:
        _user(email, name, password_hash).groups.add(project_team)
    lead = _user("lead@demo.example.gov.uk", "Lee Lead", password_hash)
    member = _user("member@demo.example.gov.uk", "Morgan Member", password_hash)
    _join(lead, spectrum, Membership.Role.LEAD)
    _join(member, spectrum, Membership.Role.MEMBER)

    # One named lead for every other network and two to four members for each network.
    sizes = [rng.randint(2, 4) for _ in networks]
    people = iter(_people(rng, len(networks) - 1 + sum(sizes)))
    for network, size in zip(networks, sizes, strict=True):
        roles = [Membership.Role.MEMBER] * size
        if network != spectrum:
            roles.insert(0, Membership.Role.LEAD)
        for role in roles:
            first, last = next(people)
            email = _email(first, last, network.organisation.acronym)
            person = _user(email, f"{first} {last}", password_hash)
            _join(person, network, role)
    # Some people belong to more than one network of their organisation.
    mca_team = next(n for n in networks if n.slug == "mca-diversity-and-inclusion-team")
    _join(lead, mca_team, Membership.Role.MEMBER)
