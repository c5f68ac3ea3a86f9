"""The cases of tests/rules/module_instance_cases.py against an offline `terraform plan`:
the reads the cases accept plan together without an error, and each read they refuse
fails on its own (terraform stops at the first output it cannot evaluate)."""

from __future__ import annotations

from pathlib import Path

from tests.files import write_tree
from tests.oracle.oracle import plan_diagnostics, require_oracle
from tests.rules.module_instance_cases import CASES, CHILD, ORDERED, PRELUDE


def _errors(directory: Path, expressions: list[str], extra: str = "") -> list[str]:
    outputs = "".join(
        f'output "case{i}" {{\n  value = {e}\n}}\n' for i, e in enumerate(expressions)
    )
    write_tree(directory, {"main.tf": PRELUDE + extra + outputs, "child/main.tf": CHILD})
    return [d["summary"] for d in plan_diagnostics(directory) if d["severity"] == "error"]


def test_the_cases_match_terraform_plan(tmp_path: Path) -> None:
    require_oracle()
    accepted = [expression for expression, fails in CASES if not fails]
    assert _errors(tmp_path / "accepted", accepted, ORDERED) == []
    for number, (expression, fails) in enumerate(CASES):
        if fails:
            assert _errors(tmp_path / f"refused{number}", [expression]) == [
                "Unsupported attribute"
            ], expression
