"""The cases of tests/rules/template_cases.py against `terraform validate` (which renders
a templatefile() whose path and vars it knows): the same calls fail, with the same key."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import require_oracle, validate_diagnostics
from tests.rules.template_cases import CASES, files, line_of


def test_terraform_reports_the_same_missing_keys(tmp_path: Path) -> None:
    require_oracle()
    write_tree(tmp_path, files())
    errors = {
        d["range"]["start"]["line"]: d["detail"]
        for d in validate_diagnostics(tmp_path)
        if d["severity"] == "error"
    }
    expected = {line_of(i): missing for i, (_, _, missing) in enumerate(CASES) if missing}
    assert set(errors) == set(expected), errors
    for line, missing in expected.items():
        assert f'does not contain key "{missing}"' in errors[line]
