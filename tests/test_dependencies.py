"""Dependencies run one way: networks <- submissions <- guidance, and weiportal above all.

The apps may use weiportal's shared building blocks (the GOV.UK form base, the form pages'
view mixins, the history reader, the spreadsheet writer), which in turn import no app, so no
import ever runs back up.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = ["networks", "submissions", "guidance"]
# What each app may import of the others.
ALLOWED = {
    "networks": set(),
    "submissions": {"networks"},
    "guidance": {"networks", "submissions"},
}
SHARED = {
    "weiportal.form_pages",
    "weiportal.forms",
    "weiportal.history",
    "weiportal.locking",
    "weiportal.spreadsheets",
}


def imports_of(path):
    """The modules a file imports by absolute name, wherever the import stands."""
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            yield node.module


def project_module(module):
    return module.split(".")[0] in {*APPS, "weiportal"}


@pytest.mark.parametrize("app", APPS)
def test_an_app_imports_only_the_apps_below_it_and_weiportals_shared_pieces(app):
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in (ROOT / app).rglob("*.py")
        for module in imports_of(path)
        if project_module(module)
        and module.split(".")[0] not in {app, *ALLOWED[app]}
        and module not in SHARED
    ]
    assert not wrong


@pytest.mark.parametrize("module", sorted(SHARED))
def test_weiportals_shared_pieces_import_no_app(module):
    path = ROOT / f"{module.replace('.', '/')}.py"
    assert not [name for name in imports_of(path) if project_module(name)]
