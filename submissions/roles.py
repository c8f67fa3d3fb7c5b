"""What the project team may do with submissions: see networks/roles.py."""

PROJECT_TEAM_PERMISSIONS = {
    "submissions.change_any_submission",
    "submissions.import_any_organisation",
}
