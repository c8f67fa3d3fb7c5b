"""The project team: a group whose permissions say what it may do across every organisation.

Each app lists the permissions the project team holds in its own ``roles.py`` as
``PROJECT_TEAM_PERMISSIONS`` and grants them in a data migration of its own, with the helpers
below. The code asks for the permissions (``user.has_perm``), never for the group, so taking a
permission from the group in the admin takes the ability away.
"""

from functools import partial

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.db.models import Q

PROJECT_TEAM_GROUP = "Project team"

PROJECT_TEAM_PERMISSIONS = {
    "networks.manage_any_network",
    "networks.view_all_organisations",
}


def _permissions(apps, permissions):
    query = Q(pk__in=[])
    for dotted in permissions:
        app_label, codename = dotted.split(".")
        query |= Q(content_type__app_label=app_label, codename=codename)
    return apps.get_model("auth", "Permission").objects.filter(query)


def grant_to_project_team(apps, schema_editor, *, permissions):
    """Give the project team group these ``app.codename`` permissions, creating the group if
    need be (a data migration's code)."""
    # Permissions are normally created after all migrations; these are needed now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, verbosity=0)
        app_config.models_module = None
    found = list(_permissions(apps, permissions))
    if len(found) != len(set(permissions)):
        raise LookupError(f"Not every permission of {sorted(permissions)} exists")
    group, _ = apps.get_model("auth", "Group").objects.get_or_create(name=PROJECT_TEAM_GROUP)
    group.permissions.add(*found)


def revoke_from_project_team(apps, schema_editor, *, permissions):
    """Take these permissions from the project team (a data migration's reverse code)."""
    for group in apps.get_model("auth", "Group").objects.filter(name=PROJECT_TEAM_GROUP):
        group.permissions.remove(*_permissions(apps, permissions))


def project_team_grant(permissions):
    """A data migration's operation granting the project team ``permissions``; reversed, it
    takes them back."""
    return migrations.RunPython(
        partial(grant_to_project_team, permissions=permissions),
        partial(revoke_from_project_team, permissions=permissions),
    )
