"""Styles live in resources/style.qss (issue 14): no widget carries an inline sheet; a
look that changes at run time is a dynamic property the sheet styles."""

from __future__ import annotations

import re

from app.paths import project_root


def test_only_the_application_sets_a_stylesheet():
    root = project_root()
    found = [
        f"{path.relative_to(root)}:{n}"
        for path in sorted((root / "ui").rglob("*.py"))
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\.setStyleSheet\(", text)
    ]
    assert len(found) == 1 and found[0].startswith("ui/application.py:"), found
