"""The configuration of tests/rules/template_value_cases.py against an offline `terraform
plan`: it refuses exactly the interpolations marked there, and tfjudge reports the same
lines."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.template_value_cases import MAIN, failing_lines


def test_terraform_plan_refuses_the_marked_interpolations(tmp_path: Path) -> None:
    require_oracle()
    write_tree(tmp_path, {"main.tf": MAIN})
    errors = [d for d in plan_diagnostics(tmp_path) if d["severity"] == "error"]
    summaries = {d["summary"] for d in errors}
    assert summaries <= {"Invalid template interpolation value"}, summaries
    assert sorted({d["range"]["start"]["line"] for d in errors}) == failing_lines()
