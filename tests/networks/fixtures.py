"""Fixtures for the networks tests and for the access matrix's networks rows."""

import pytest


@pytest.fixture
def member_membership(member, network):
    """The member fixture's place in the network fixture."""
    return member.memberships.get(network=network)
