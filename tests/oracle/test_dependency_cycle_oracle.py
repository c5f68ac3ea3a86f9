"""The cases of tests/rules/dependency_cycle_cases.py against an offline `terraform plan`
(a block that reads itself passes validate; plan reports "Self-referential block")."""

from __future__ import annotations

from pathlib import Path

from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.dependency_cycle_cases import SELF_REFERENCE_CASES


def test_terraform_plan_fails_where_the_cases_say(tmp_path: Path) -> None:
    require_oracle()
    wrong = []
    first: Path | None = None
    for number, (terraform, fails) in enumerate(SELF_REFERENCE_CASES):
        directory = tmp_path / f"case{number}"
        directory.mkdir()
        (directory / "main.tf").write_text(terraform, encoding="utf-8")
        errors = [d for d in plan_diagnostics(directory, first) if d["severity"] == "error"]
        first = first or directory
        if bool(errors) is not fails:
            wrong.append(f"case {number}: terraform says {[d['summary'] for d in errors]}")
    assert not wrong, "; ".join(wrong)
