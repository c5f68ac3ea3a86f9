"""The configuration of tests/rules/conditional_type_cases.py against an offline
`terraform plan`: it refuses exactly the `for_each` values marked there."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.conditional_type_cases import MAIN, failing_lines


def test_terraform_plan_refuses_the_marked_for_each_values(tmp_path: Path) -> None:
    require_oracle()
    write_tree(tmp_path, {"main.tf": MAIN})
    errors = [d for d in plan_diagnostics(tmp_path) if d["severity"] == "error"]
    assert {d["summary"] for d in errors} <= {"Invalid for_each set argument"}
    assert sorted({d["range"]["start"]["line"] for d in errors}) == failing_lines()
