"""What the project team may do with good practice: see networks/roles.py."""

PROJECT_TEAM_PERMISSIONS = {"guidance.moderate_entry"}
