"""The portal's roles that live on the user rather than on a network membership.

Each app lists the permissions the project team holds in its own ``roles.py`` as
``PROJECT_TEAM_PERMISSIONS``, and grants them in a data migration of its own.
"""

from importlib import import_module

PROJECT_TEAM_GROUP = "Project team"

PROJECT_TEAM_PERMISSIONS = {
    "networks.manage_any_network",
    "networks.view_all_organisations",
}

APPS_WITH_ROLES = ["networks", "submissions", "guidance"]


def project_team_permissions():
    """Every permission the project team holds, across the apps."""
    held = set()
    for app in APPS_WITH_ROLES:
        try:
            module = import_module(f"{app}.roles")
        except ModuleNotFoundError:
            continue
        held |= getattr(module, "PROJECT_TEAM_PERMISSIONS", set())
    return held
