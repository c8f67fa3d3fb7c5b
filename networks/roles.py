"""The portal's roles that live on the user rather than on a network membership."""

PROJECT_TEAM_GROUP = "Project team"

# Exactly what the project team holds; a data migration creates the group with these and a
# test asserts them. Later apps add theirs in their own migrations.
PROJECT_TEAM_PERMISSIONS = {
    "networks.manage_any_network",
    "networks.view_all_organisations",
}
