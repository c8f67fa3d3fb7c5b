"""What the project team may do with good practice and guidance: see networks/roles.py."""

PROJECT_TEAM_PERMISSIONS = {
    "guidance.moderate_entry",
    # Guidance documents: draft and edit, then publish (a colleague's draft, or one's own
    # with a reason), send back and withdraw.
    "guidance.add_document",
    "guidance.change_document",
    "guidance.publish_document",
}
